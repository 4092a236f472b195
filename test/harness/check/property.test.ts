import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ServerCheckContext } from '../../../harness/target/server-context.js';
import { checkProperty } from '../../../harness/check/property.js';
import { RunHealth } from '../../../harness/target/run-health.js';
import { ClauseViolation } from '../../../harness/check/violation.js';
import { Redactor } from '../../../harness/redact.js';
import { Transcript } from '../../../harness/session/transcript.js';

function context(runs = 50) {
  const redactor = new Redactor();
  const transcript = new Transcript(redactor);
  const target = {
    apiUrl: 'http://127.0.0.1:9/api/',
    tokens: ['t'],
    channel: 'C1',
    embedded: true,
    faults: [],
    redactor,
    close: async () => undefined,
  };
  const ctx = new ServerCheckContext({
    checkId: 'x.check',
    target,
    expect: { urlTtlSec: 30, maxMessageBytes: 16384 },
    seed: 77,
    runs,
    path: undefined,
    timeouts: { replyMs: 100, helloMs: 100, closeMs: 100, quietMs: 10, httpMs: 100 },
    maxFrameBytes: 1 << 20,
    transcript,
    replayCommand: (path: string) => `replay --path ${path}`,
    probe: { kind: 'live', connectMethod: 'rtm.connect', first: { type: 'hello' }, hello: { type: 'hello' } },
    health: new RunHealth(),
  });
  return { ctx, transcript };
}

describe('runner: checkProperty', () => {
  it('holds when the predicate never throws', async () => {
    const { ctx } = context();
    expect(await checkProperty(ctx, fc.nat(), async () => undefined)).toMatchObject({ kind: 'held' });
  });

  it('reports a shrunk counterexample, its own transcript and the replay command for a violation', async () => {
    const { ctx, transcript } = context();
    const finding = await checkProperty(ctx, fc.integer({ min: 0, max: 1000 }), async (n) => {
      transcript.add('out', 'c1', `sent ${n}`);
      if (n >= 10) throw new ClauseViolation(['n below 10'], `n = ${n}`);
    });
    expect(finding).toMatchObject({ kind: 'broken', expected: ['n below 10'], actual: 'n = 10', counterexample: '10' });
    if (finding.kind !== 'broken') throw new Error('unreachable');
    expect(finding.replay).toMatch(/^replay --path \d/);
    expect(finding.transcript?.map((l) => l.text)).toEqual(['sent 10']);
  });

  it('treats any other error as the harness breaking, not the target', async () => {
    const { ctx } = context();
    await expect(
      checkProperty(ctx, fc.nat(), async () => {
        throw new Error('socket hang up');
      }),
    ).rejects.toThrow('socket hang up');
  });

  it('does not call an interrupted property held when no case completed', async () => {
    const { ctx } = context();
    await expect(
      checkProperty(ctx, fc.nat(), () => new Promise((r) => setTimeout(r, 300)), { timeLimitMs: 50 }),
    ).rejects.toThrow(/interrupted/);
  });
});
