import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { Premise } from '../../harness/check/premise.js';
import { runClientConformance } from '../../harness/plans/client-plan.js';
import { CLIENT_REQUIRES } from '../../harness/protocol/client-requirements.js';
import { premiseOutcome } from '../../harness/runner/evidence-rule.js';
import { correctClients } from './correct-clients.js';
import type { ClientFault } from './echo-client.js';
import { FAST, FAST_SETTINGS, SEED, grade as gradeCommand, tsClient } from './grade.js';
import { lifecycleBots } from './lifecycle-bots.js';
import { clientRestarts } from './restarts.js';

/**
 * The echo client, broken by `fault` (or correct), graded on `checks` with short waits; one that never opens its URL
 * gets a 4 s connect timeout (it waits it out twice, at the start and before client.connect: nothing to gain).
 */
function grade(fault: ClientFault | undefined, checks: string[]) {
  const timeouts = fault === 'never-opens' ? { ...FAST, connectMs: 4000 } : FAST;
  return gradeCommand(tsClient('./echo-client.ts', ...(fault ? ['--fault', fault] : [])), checks, timeouts).then(
    (o) => o.results,
  );
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

/**
 * Each broken client, the check that must catch it, and the requirement it breaks (one `expected` of the failure,
 * word for word); then the checks run before it that give the fault its chance: traffic for ids and for the process
 * to die, a reconnect for reusing a URL. A crash is charged to the check in progress, as "the process still running".
 */
const MATRIX: [ClientFault, string, string, string[]?][] = [
  ['ids-reused', 'client.ids', CLIENT_REQUIRES.idsUniquePerConnection, ['client.echo']],
  ['ids-zero', 'client.ids', CLIENT_REQUIRES.positiveIntegerIds, ['client.echo']],
  ['ids-string', 'client.ids', CLIENT_REQUIRES.positiveIntegerIds, ['client.echo']],
  ['dies-on-unknown', 'client.unknown-events', CLIENT_REQUIRES.processStillRunning],
  ['chokes-on-stale', 'client.stale-reply-to', CLIENT_REQUIRES.processStillRunning],
  ['never-pings', 'client.ping-when-idle', CLIENT_REQUIRES.pingEveryBoundWhileIdle],
  ['never-reconnects-after-goodbye', 'client.goodbye-reconnect', CLIENT_REQUIRES.newConnectionWithinBound],
  ['reuses-url', 'client.single-use-url', CLIENT_REQUIRES.socketUrlUsedOnce, ['client.drop-reconnect']],
  ['hot-reconnect', 'client.reconnect-backoff', CLIENT_REQUIRES.connectBackoff],
  ['retries-expired-forever', 'client.expired-url', CLIENT_REQUIRES.expiredUrlTriedOnce],
  ['big-frame', 'client.message-size', CLIENT_REQUIRES.noFrameOverLimit],
  ['splits-just-over', 'client.message-size', CLIENT_REQUIRES.textWithinCharacters],
  ['fires-at-once', 'client.rate', CLIENT_REQUIRES.rateBurstThenOnePerSecond],
  ['sustains-1-5', 'client.rate', CLIENT_REQUIRES.rateBurstThenOnePerSecond],
  ['answers-grid-twice', 'client.grid-dedup', CLIENT_REQUIRES.oneEchoPerGridMessage],
  ['exits-on-first-echo', 'client.survives', CLIENT_REQUIRES.processStillRunning, ['client.echo']],
  // Its 8th echo is in client.unknown-events (1 in client.connect, 5 in client.echo): restarted, it runs on.
  ['crashes-mid-run', 'client.survives', CLIENT_REQUIRES.processStillRunning, ['client.echo', 'client.unknown-events']],
  ['ignores-queued', 'client.queued-events', CLIENT_REQUIRES.echoOfQueuedRequest],
  // Never connecting fails client.connect's premise before the check runs: the runner's requirement, not the check's.
  ['never-opens', 'client.connect', missingPremise('client-connect')],
  ['echoes-twice', 'client.echo', CLIENT_REQUIRES.oneEchoPerRequest],
  ['gives-up', 'client.drop-reconnect', CLIENT_REQUIRES.newConnectionWithinBound],
];

/**
 * One concurrent describe for every test that grades a client process: the fault matrix, the correct clients and
 * the restarts overlap on one worker (they mostly wait on the clients), which keeps `npm test` near its time.
 */
describe('client mode', { concurrent: true, timeout: 150_000 }, () => {
  // The longest first, so the short ones fill in beside them.
  correctClients();
  lifecycleBots();
  clientRestarts();
  describe(`client fault matrix (seed ${SEED})`, () => {
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

    for (const [fault, check, requirement, before = []] of MATRIX) {
      it(`${fault} is caught by ${check}`, async () => {
        const results = await grade(fault, [...new Set(['client.connect', ...before, check])]);
        const r = results.find((x) => x.id === check)!;
        expect(['fail', 'warn'], `${check}: ${r.status} ${r.message}`).toContain(r.status);
        expect(r.expected, r.message).toContain(requirement);
      });
    }

    it('a client that never connects passes nothing, not even client.survives, though its process runs', async () => {
      const results = await grade('never-opens', [
        'client.connect',
        'client.ids',
        'client.single-use-url',
        'client.survives',
      ]);
      expect(results.filter((r) => r.status === 'pass').map((r) => r.id)).toEqual([]);
      // client.connect failed, so the checks that needed its connection point at it.
      expect(results.find((r) => r.id === 'client.survives')!.message).toMatch(
        /^no connection from the client observed .*: see client\.connect$/,
      );
    });
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
          timeouts: FAST,
          settings: FAST_SETTINGS,
          onEnv: (env) => {
            const [node, ...args] = tsClient('./echo-client.ts');
            started = spawn(node, args, { env: { ...process.env, ...env }, stdio: 'ignore' });
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
