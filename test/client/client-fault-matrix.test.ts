import { spawn } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runClientConformance } from '../../harness/client/run-client.js';
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

/** Each broken client, the check that must catch it, and a phrase of the requirement it breaks. */
const MATRIX: [ClientFault, string, string][] = [
  ['ids-reused', 'client.ids', 'ids unique on connection'],
  ['ids-zero', 'client.ids', 'a positive integer id'],
  ['ids-string', 'client.ids', 'a positive integer id'],
  ['dies-on-unknown', 'client.unknown-events', 'an echo after'],
  ['chokes-on-stale', 'client.stale-reply-to', 'an echo after a reply_to'],
  ['never-pings', 'client.ping-when-idle', 'a ping at least every'],
  ['ignores-goodbye', 'client.goodbye-reconnect', 'a new connection within'],
  ['reuses-url', 'client.single-use-url', 'every socket URL used once'],
  ['hot-reconnect', 'client.reconnect-backoff', 'at most 2 rtm.connect calls per second'],
  ['retries-expired-forever', 'client.expired-url', 'a new connection within'],
  ['big-frame', 'client.message-size', 'no frame over 16384 bytes'],
  ['fires-at-once', 'client.rate', 'at most 5 at once and 2 per second'],
  ['answers-grid-twice', 'client.grid-dedup', 'one echo for one message'],
  ['exits-on-first-echo', 'client.survives', 'the process still running'],
  ['ignores-queued', 'client.queued-events', 'queued before the connection opened'],
  ['never-opens', 'client.connect', 'connection from the client'],
  ['echoes-twice', 'client.echo', 'one echo of'],
  ['gives-up', 'client.drop-reconnect', 'a new connection within'],
];

describe(`client fault matrix (seed ${SEED})`, { concurrent: true, timeout: 120_000 }, () => {
  for (const [fault, check, requirement] of MATRIX) {
    it(`${fault} is caught by ${check}`, async () => {
      // Its check after client.connect, and what gives the fault a chance to show: traffic for ids and for
      // the process to die, a reconnect for reusing a URL.
      const before = check === 'client.ids' || check === 'client.survives' ? ['client.echo'] : check === 'client.single-use-url' ? ['client.drop-reconnect'] : [];
      const results = await grade(fault, [...new Set(['client.connect', ...before, check])]);
      const r = results.find((x) => x.id === check)!;
      expect(['fail', 'warn'], `${check}: ${r.status} ${r.message}`).toContain(r.status);
      expect(r.expected.join(' | '), r.message).toContain(requirement);
    });
  }

  it('a client that never connects passes nothing, not even client.survives, though its process runs', async () => {
    const results = await grade('never-opens', ['client.ids', 'client.single-use-url', 'client.survives']);
    expect(results.filter((r) => r.status === 'pass').map((r) => r.id)).toEqual([]);
    expect(results.find((r) => r.id === 'client.survives')!.message).toMatch(/^no connection from the client observed: see client\.connect/);
  });

  it('a correct echo client passes every client check, with evidence', async () => {
    const results = await grade(undefined, []);
    expect(results.filter((r) => r.status !== 'pass').map((r) => `${r.status} ${r.id}: ${r.message}`)).toEqual([]);
    for (const r of results) expect(r.message, r.id).toMatch(/\d/);
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
            started = spawn(process.execPath, ['--import', TSX, ECHO_CLIENT], { env: { ...process.env, ...env }, stdio: 'ignore' });
          },
        },
        'test',
        [],
      );
      expect(results.map((r) => `${r.id} ${r.status}`)).toEqual(['client.connect pass', 'client.echo pass', 'client.survives info']);
    } finally {
      started?.kill('SIGKILL');
    }
  });
});
