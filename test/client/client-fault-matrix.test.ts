import { spawn } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Premise } from '../../harness/check/premise.js';
import { runClientConformance } from '../../harness/plans/client-plan.js';
import { CLIENT_REQUIRES } from '../../harness/protocol/client-requirements.js';
import { premiseOutcome } from '../../harness/runner/evidence-rule.js';
import type { CheckResult } from '../../harness/runner/events.js';
import type { ClientFault } from './echo-client.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TSX = pathToFileURL(`${ROOT}node_modules/tsx/dist/loader.mjs`).href;
const ECHO_CLIENT = fileURLToPath(new URL('./echo-client.ts', import.meta.url));
const SEED = 20261201;

/** Short waits so a client run takes seconds: a 3 s quiet window, pings every 2 s at most (the test client pings every 1 s). */
function grade(fault: ClientFault | undefined, checks: string[]): Promise<CheckResult[]> {
  return runClientConformance(
    {
      command: [process.execPath, '--import', TSX, ECHO_CLIENT, ...(fault ? ['--fault', fault] : [])],
      attach: false,
      seed: SEED,
      runs: 5,
      suites: { include: [], exclude: [] },
      checks: { include: checks, exclude: [] },
      strict: false,
      timeouts: { echoMs: 2000, connectMs: 4000 },
      settings: { idleMs: 3000, pingBoundMs: 2000 },
    },
    'test',
    [],
  ).then((o) => o.results);
}

/**
 * The requirement a check fails on when one of its premises never materialised (its `otherwise` being fail):
 * the runner's phrase (harness/runner/evidence-rule.ts), not one the check demands.
 */
function missingPremise(premise: Premise): string {
  const outcome = premiseOutcome({ id: 'matrix', premises: [premise], otherwise: { [premise]: 'fail' } }, premise, '');
  if (outcome.kind !== 'broken') throw new Error(`premise ${premise}: no failing outcome`);
  return outcome.expected[0];
}

/** Each broken client, the check that must catch it, and the requirement it breaks: one `expected` of the failure, word for word. */
const MATRIX: [ClientFault, string, string][] = [
  ['ids-reused', 'client.ids', CLIENT_REQUIRES.idsUniquePerConnection],
  ['ids-zero', 'client.ids', CLIENT_REQUIRES.positiveIntegerIds],
  ['ids-string', 'client.ids', CLIENT_REQUIRES.positiveIntegerIds],
  ['dies-on-unknown', 'client.unknown-events', CLIENT_REQUIRES.echoAfterUnknownEvents],
  ['chokes-on-stale', 'client.stale-reply-to', CLIENT_REQUIRES.echoAfterStaleReplyTo],
  ['never-pings', 'client.ping-when-idle', CLIENT_REQUIRES.pingEveryBoundWhileIdle],
  ['ignores-goodbye', 'client.goodbye-reconnect', CLIENT_REQUIRES.newConnectionWithinTimeout],
  ['reuses-url', 'client.single-use-url', CLIENT_REQUIRES.socketUrlUsedOnce],
  ['hot-reconnect', 'client.reconnect-backoff', CLIENT_REQUIRES.connectBackoff],
  ['retries-expired-forever', 'client.expired-url', CLIENT_REQUIRES.newConnectionWithinTimeout],
  ['big-frame', 'client.message-size', CLIENT_REQUIRES.noFrameOverLimit],
  ['fires-at-once', 'client.rate', CLIENT_REQUIRES.rateWithinBucket],
  ['answers-grid-twice', 'client.grid-dedup', CLIENT_REQUIRES.oneEchoPerGridMessage],
  ['exits-on-first-echo', 'client.survives', CLIENT_REQUIRES.processStillRunning],
  ['ignores-queued', 'client.queued-events', CLIENT_REQUIRES.echoOfQueuedRequest],
  // Never connecting fails client.connect's premise before the check runs: the runner's requirement, not the check's.
  ['never-opens', 'client.connect', missingPremise('client-connect')],
  ['echoes-twice', 'client.echo', CLIENT_REQUIRES.oneEchoPerRequest],
  ['gives-up', 'client.drop-reconnect', CLIENT_REQUIRES.newConnectionWithinTimeout],
];

describe(`client fault matrix (seed ${SEED})`, { concurrent: true, timeout: 120_000 }, () => {
  for (const [fault, check, requirement] of MATRIX) {
    it(`${fault} is caught by ${check}`, async () => {
      // Its check after client.connect, and what gives the fault a chance to show: traffic for ids and for
      // the process to die, a reconnect for reusing a URL.
      const before =
        check === 'client.ids' || check === 'client.survives'
          ? ['client.echo']
          : check === 'client.single-use-url'
            ? ['client.drop-reconnect']
            : [];
      const results = await grade(fault, [...new Set(['client.connect', ...before, check])]);
      const r = results.find((x) => x.id === check)!;
      expect(['fail', 'warn'], `${check}: ${r.status} ${r.message}`).toContain(r.status);
      expect(r.expected, r.message).toContain(requirement);
    });
  }

  it('a client that never connects passes nothing, not even client.survives, though its process runs', async () => {
    const results = await grade('never-opens', ['client.ids', 'client.single-use-url', 'client.survives']);
    expect(results.filter((r) => r.status === 'pass').map((r) => r.id)).toEqual([]);
    expect(results.find((r) => r.id === 'client.survives')!.message).toMatch(
      /^no connection from the client observed: see client\.connect/,
    );
  });

  it('a correct echo client passes every client check, with evidence', async () => {
    const results = await grade(undefined, []);
    expect(results.filter((r) => r.status !== 'pass').map((r) => `${r.status} ${r.id}: ${r.message}`)).toEqual([]);
    // A pass message ends with what the check saw (judgeEvidence): ': ' then counts, "3 echoes, 5 texts compared".
    for (const r of results) {
      expect(r.message, r.id).toContain(': ');
      const summary = r.message.slice(r.message.lastIndexOf(': ') + 2);
      expect(summary, `${r.id}: ${r.message}`).not.toBe('nothing');
      expect(summary, `${r.id}: ${r.message}`).toMatch(/^[1-9]\d* [a-zA-Z][^,]*(?:, [1-9]\d* [a-zA-Z][^,]*)*$/);
    }
  });
});

describe('client fault matrix coverage', () => {
  it('catches a broken client for every client check', async () => {
    const { discoverClientChecks } = await import('../../harness/runner/discover.js');
    const ids = (await discoverClientChecks()).map((c) => c.id);
    const caught = new Set(MATRIX.map(([, check]) => check));
    expect(ids.filter((id) => !caught.has(id))).toEqual([]);
  });

  it('--attach: waits for a client started by hand with the printed variables, and grades it the same way', async () => {
    let started: ReturnType<typeof spawn> | undefined;
    try {
      const { results } = await runClientConformance(
        {
          attach: true,
          seed: SEED,
          runs: 3,
          suites: { include: [], exclude: [] },
          checks: { include: ['client.connect', 'client.echo', 'client.survives'], exclude: [] },
          strict: false,
          timeouts: { echoMs: 2000, connectMs: 4000 },
          settings: { idleMs: 3000, pingBoundMs: 2000 },
          onEnv: (env) => {
            started = spawn(process.execPath, ['--import', TSX, ECHO_CLIENT], {
              env: { ...process.env, ...env },
              stdio: 'ignore',
            });
          },
        },
        'test',
        [],
      );
      expect(results.map((r) => `${r.id} ${r.status}`)).toEqual([
        'client.connect pass',
        'client.echo pass',
        'client.survives info',
      ]);
    } finally {
      started?.kill('SIGKILL');
    }
  });
});
