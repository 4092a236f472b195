import { describe, expect, it } from 'vitest';
import type { Check, Finding } from '../../../harness/check/check.js';
import { Evidence } from '../../../harness/check/premise.js';
import { schedule } from '../../../harness/runner/claims.js';
import { type Listener, runPlan } from '../../../harness/runner/engine.js';
import type { RunEvent } from '../../../harness/runner/events.js';
import type { CheckRun, Claim, Known, Side } from '../../../harness/runner/side.js';

interface Ctx {
  evidence: Evidence;
}

function check(id: string, run: (ctx: Ctx) => Promise<Finding>, extra: Partial<Check<Ctx>> = {}): Check<Ctx> {
  return {
    id,
    suite: 'ping',
    level: 'MUST',
    title: id,
    clause: 'c',
    source: 's',
    sends: 's',
    requires: 'r',
    premises: [],
    needs: { tokens: 1, connections: 0, rtmConnects: 0 },
    run,
    ...extra,
  };
}

/** A side with no target: each check gets a fresh context; `claims` by check id. */
function side(claims: Record<string, Claim[]> = {}, known: Record<string, Known> = {}, concurrency = 1): Side<Ctx> {
  return {
    label: { api: 'test', embedded: true, faults: [] },
    concurrency,
    clockBeside: true,
    open: async () => 'opened',
    begin: async (c): Promise<CheckRun<Ctx> | Known> => {
      if (known[c.id]) return known[c.id];
      const evidence = new Evidence();
      return { ctx: { evidence }, evidence, transcript: () => [], dispose: () => {} };
    },
    extraBudgetMs: () => 0,
    waitsMs: () => undefined,
    claims: (c) => claims[c.id] ?? [],
    redact: (v) => v,
  };
}

const settings = { version: 't', seed: 1, runs: 1, strict: false };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('engine', () => {
  it('a listener that throws is reported to the others and does not end the run', async () => {
    const heard: RunEvent['type'][] = [];
    const broken: Listener = Object.assign(
      (e: RunEvent) => {
        if (e.type === 'check-end') throw new Error('disk full');
      },
      { listenerName: 'junit' },
    );
    const healthy: Listener = (e) => {
      heard.push(e.type);
    };
    const passes = check('ping.a', async (ctx) => {
      ctx.evidence.saw('pong');
      return { kind: 'held' };
    });
    const outcome = await runPlan([passes, { ...passes, id: 'ping.b' }], side(), settings, [broken, healthy]);
    expect(outcome.verdict).toBe('pass');
    expect(outcome.results.map((r) => r.status)).toEqual(['pass', 'pass']);
    expect(outcome.listenerFailures).toEqual([
      { listener: 'junit', event: 'check-end', message: 'disk full' },
      { listener: 'junit', event: 'check-end', message: 'disk full' },
    ]);
    // The failing listener comes first: the others hear of its failure, then the event itself.
    expect(heard).toEqual([
      'run-start',
      'probe',
      'check-start',
      'listener-error',
      'check-end',
      'check-start',
      'listener-error',
      'check-end',
      'run-end',
    ]);
  });

  it('refuses a pass without evidence and maps a thrown error to an error result, each check on its own', async () => {
    const empty = check('ping.empty', async () => ({ kind: 'held' }));
    const throws = check('ping.throws', async () => {
      throw new Error('socket hang up');
    });
    const outcome = await runPlan([empty, throws], side(), settings, []);
    expect(outcome.results.map((r) => [r.id, r.status])).toEqual([
      ['ping.empty', 'error'],
      ['ping.throws', 'error'],
    ]);
    expect(outcome.results[0].message).toContain('without any evidence');
    expect(outcome.results[1].message).toBe('socket hang up');
    expect(outcome.verdict).toBe('error');
  });

  it('judges a premise the side knows is missing as the evidence rule does', async () => {
    const needsHello = check('ping.h', async () => ({ kind: 'held' }), {
      premises: ['hello'],
      otherwise: { hello: 'fail' },
    });
    const outcome = await runPlan(
      [needsHello],
      side({}, { 'ping.h': { missing: 'hello', detail: 'closed at once' } }),
      settings,
      [],
    );
    expect(outcome.results[0]).toMatchObject({
      status: 'fail',
      message: 'no hello on any connection observed (closed at once)',
    });
  });
});

describe('engine: "see X" pointers', () => {
  // typing.x lacks a pong; ping.bare-pong owns pongs. The pointer is named only when ping.bare-pong did not pass.
  const dependent = check('typing.x', async () => ({ kind: 'held' }), { premises: ['pong'] });
  const owner = (passes: boolean) =>
    check('ping.bare-pong', async (ctx) => {
      ctx.evidence.saw('pong');
      return passes ? { kind: 'held' } : { kind: 'broken', message: 'no pong', expected: ['a pong'], actual: 'none' };
    });
  const known = { 'typing.x': { missing: 'pong' as const, detail: 'saw 1 hello' } };

  for (const passes of [true, false]) {
    it(`${passes ? 'drops' : 'keeps'} the pointer when the check it names ${passes ? 'passed' : 'failed'}, whichever ends first`, async () => {
      for (const order of [
        [dependent, owner(passes)],
        [owner(passes), dependent],
      ]) {
        const outcome = await runPlan(order, side({}, known, 2), settings, []);
        const r = outcome.results.find((x) => x.id === 'typing.x')!;
        expect(r.status).toBe('error');
        expect(r.message).toBe(`no pong observed (saw 1 hello)${passes ? '' : ': see ping.bare-pong'}`);
        expect(r).not.toHaveProperty('see');
      }
    });
  }
});

describe('schedule: per-check ownership', () => {
  it('never runs an exclusive claim beside another holder of the same resource, and runs shared claims together', async () => {
    const log: string[] = [];
    const running = new Set<string>();
    let overlapSeen = false;
    let sharedTogether = 0;
    const claims: Record<string, Claim[]> = {
      a: [
        { resource: 'user 0', exclusive: false },
        { resource: 'user 1', exclusive: false },
      ],
      b: [{ resource: 'user 1', exclusive: true }],
      c: [{ resource: 'user 1', exclusive: false }],
      d: [{ resource: 'user 0', exclusive: false }],
    };
    await schedule(
      ['a', 'b', 'c', 'd'],
      () => ({ name: 'main', width: 4 }),
      (id) => claims[id],
      async (id) => {
        running.add(id);
        if (running.has('b') && (running.has('a') || running.has('c'))) overlapSeen = true;
        if (running.has('a') && running.has('d')) sharedTogether += 1;
        log.push(id);
        await sleep(20);
        running.delete(id);
      },
    );
    expect(log.sort()).toEqual(['a', 'b', 'c', 'd']);
    expect(overlapSeen).toBe(false);
    expect(sharedTogether).toBeGreaterThan(0);
  });

  it('keeps a lane to its width', async () => {
    let now = 0;
    let peak = 0;
    await schedule(
      [1, 2, 3, 4, 5, 6],
      () => ({ name: 'main', width: 2 }),
      () => [],
      async () => {
        now += 1;
        peak = Math.max(peak, now);
        await sleep(5);
        now -= 1;
      },
    );
    expect(peak).toBe(2);
  });
});
