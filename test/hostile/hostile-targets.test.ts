import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type CliResult, runCli } from '../helpers/cli.js';
import {
  type HostileTarget,
  type ApiBehaviour,
  type SocketBehaviour,
  startHostile,
  startSilentTcp,
} from './hostile-target.js';

const TOKEN = 'xoxp-4242-hostile-target-token';
/** Short waits so the catalogue runs in seconds; the defaults are 5-10 s. */
const FAST = [
  '--reply-timeout',
  '300',
  '--hello-timeout',
  '600',
  '--close-timeout',
  '600',
  '--quiet-time',
  '100',
  '--http-timeout',
  '1500',
  '--runs',
  '3',
  '--seed',
  '1',
];
const SUITES = ['--suite', 'connect', '--suite', 'reply', '--suite', 'ping', '--suite', 'unknown', '--suite', 'errors'];
const BUDGET_MS = 60_000;
const MAX_RSS_MB = 400;

/** The CLI against a target, reporting its peak RSS, bounded by the budget. */
async function runAgainst(
  target: HostileTarget,
  out: string,
  args = [...FAST, ...SUITES],
): Promise<CliResult & { rssMb: number; ms: number }> {
  const started = performance.now();
  const run = await runCli(['--api', target.apiUrl, '--token', TOKEN, '--channel', 'C1', '--out', out, ...args], {
    reportMaxRss: true,
    timeoutMs: BUDGET_MS,
  });
  const m = /MAXRSS_KB=(\d+)/.exec(run.stderr);
  return {
    ...run,
    stderr: run.stderr.replace(/.*MAXRSS_KB=\d+\n?/, ''),
    rssMb: m ? Number(m[1]) / 1024 : Number.NaN,
    ms: performance.now() - started,
  };
}

const CATALOGUE: [string, () => Promise<HostileTarget>, number[]][] = [
  ['never sends hello', () => startHostile('ok', 'never-hello'), [1]],
  ['closes at once', () => startHostile('ok', 'close-at-once'), [1, 3]],
  ['sends garbage text and binary frames', () => startHostile('ok', 'garbage'), [1, 3]],
  ['sends a 100 MB frame', () => startHostile('ok', 'huge-frame'), [1, 3]],
  ['floods unknown events', () => startHostile('ok', 'flood'), [1, 3]],
  ['replies with <script> and ANSI escapes', () => startHostile('ok', 'script-and-ansi'), [1]],
  ...(['html', 'http-500', 'redirect-loop', 'invalid-json', 'endless-body', 'silent'] as ApiBehaviour[]).map(
    (api): [string, () => Promise<HostileTarget>, number[]] => [
      `rtm.connect answers ${api}`,
      () => startHostile(api, 'rtm' as SocketBehaviour),
      [3],
    ],
  ),
  ['accepts TCP, then silence', startSilentTcp, [3]],
  ['hands out a URL on a closed port', () => startHostile('closed-port-url'), [1, 3]],
];

describe('hostile targets: the harness ends, judges, and stays clean', {
  concurrent: true,
  timeout: BUDGET_MS + 10_000,
}, () => {
  for (const [name, start, codes] of CATALOGUE) {
    it(name, async () => {
      const target = await start();
      try {
        const out = mkdtempSync(join(tmpdir(), 'rtmc-hostile-'));
        const run = await runAgainst(target, out);
        const all = run.stdout + run.stderr;
        expect(codes, all).toContain(run.code);
        expect(all).not.toMatch(/\n\s+at .+:\d+:\d+/); // no stack trace
        expect(all).not.toContain('\x1b'); // no escape sequence reached the console
        expect(all).not.toContain(TOKEN);
        expect(run.rssMb).toBeLessThan(MAX_RSS_MB);
        const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
        expect(results.checks.length).toBeGreaterThan(5);
        for (const c of results.checks) {
          expect(['pass', 'fail', 'warn', 'info', 'skip', 'error']).toContain(c.status);
          expect(c.message.length, c.id).toBeGreaterThan(0);
        }
        expect(JSON.stringify(results)).not.toContain(TOKEN);
        console.log(`${name}: exit ${run.code}, ${(run.ms / 1000).toFixed(1)} s, peak RSS ${run.rssMb.toFixed(0)} MB`);
      } finally {
        await target.close();
      }
    });
  }
});

interface Result {
  id: string;
  status: string;
  message: string;
  durationMs: number;
  transcript?: { dir: string; text: string }[];
}

/**
 * The whole suite (every check, 20 runs per property) at the remote default timeouts, as a user runs it, but
 * with a URL lifetime of 5 s: url.expiry waits one lifetime on any target (33 s at the default 30 s), which is
 * not what is measured here.
 */
const WHOLE_SUITE = ['--seed', '1', '--expect-url-ttl', '5'];
/**
 * The goal (issue 20, item 6): judged within 60 s, peak RSS at most 200 MB. Alone on 2 cores these runs take
 * 11-13 s, 11-20 s beside each other (the reply timeout of 5 s, waited out twice before the run recognises the
 * target, and the 7 s of url.expiry beside it): 60 s leaves room for a loaded CI machine. What the test holds
 * the harness to is the mechanism below (recognised once, later checks end before they send), which does not
 * depend on the clock. Before, these runs took 193-240 s (at the default URL lifetime) and the flood 319 MB.
 */
const GOAL_MS = 60_000;
/**
 * The goal is 200 MB (149-158 MB measured alone); the test holds 256 MB: a flood that is read more slowly than it
 * comes (a CPU-starved run, three of these beside the full parallel suite) peaked at 229 MB once. The unbounded
 * harness went past 319 MB.
 */
const GOAL_RSS_MB = 256;
/** Server checks that run at once (harness/target/server-side.ts): at most these are in flight when the run recognises the target. */
const IN_FLIGHT = 4;

// After the catalogue above (these four at once): the bounds are on these runs, not on 17 CLIs sharing 2 cores.
describe('a flood, and a 100 MB frame on every connection: the whole suite, judged once', {
  timeout: GOAL_MS + 40_000,
}, () => {
  const targets: [string, SocketBehaviour, RegExp][] = [
    ['floods unknown events without pause', 'flood', /^the target floods without answering \(no reply within 5000 ms/],
    [
      'floods message events without pause',
      'flood-messages',
      /^the target floods without answering \(no reply within 5000 ms/,
    ],
    ['sends a 100 MB frame on every connection', 'huge-frame', /^every connection is ended by a frame over the cap/],
  ];
  for (const [name, socket, reason] of targets) {
    it.concurrent(`${name}: recognised once, every later check ends before it sends, within ${GOAL_MS / 1000} s and ${GOAL_RSS_MB} MB`, async () => {
      const target = await startHostile('ok', socket);
      try {
        const out = mkdtempSync(join(tmpdir(), 'rtmc-whole-'));
        const started = performance.now();
        const run = await runCli(
          ['--api', target.apiUrl, '--token', TOKEN, '--channel', 'C1', '--out', out, ...WHOLE_SUITE],
          { reportMaxRss: true, timeoutMs: GOAL_MS + 30_000 },
        );
        const ms = performance.now() - started;
        const rssMb = Number(/MAXRSS_KB=(\d+)/.exec(run.stderr)?.[1]) / 1024;
        const checks = (JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as { checks: Result[] }).checks;
        const table = checks.map((c) => `${c.id} ${c.status} ${c.durationMs} ms: ${c.message}`).join('\n');
        const status = (id: string) => checks.find((c) => c.id === id)?.status;
        expect(run.code, table).toBe(1);
        expect(rssMb, table).toBeLessThanOrEqual(GOAL_RSS_MB);
        expect(ms, table).toBeLessThanOrEqual(GOAL_MS);

        // Recognised once: every error carries the one reason the run found, and the checks that started after it
        // ended before they sent a frame (their transcript has none): only the checks in flight sent any.
        const errors = checks.filter((c) => c.status === 'error');
        expect(errors.length, table).toBeGreaterThanOrEqual(12);
        for (const c of errors) expect(c.message, table).toMatch(reason);
        const sent = errors.filter((c) => (c.transcript ?? []).some((l) => l.dir === 'out'));
        expect(sent.length, table).toBeLessThanOrEqual(IN_FLIGHT);

        // What needs no more than hello is still judged, on its own evidence.
        expect(status('connect.hello-in-time'), table).toBe('pass');
        expect(status('connect.hello-first'), table).toBe('pass');
        expect(status('url.single-use'), table).toBe('fail'); // two racing connections got hello
        expect(status('url.expiry'), table).toBe('fail'); // the expired URL got hello
        console.log(
          `${name}, whole suite: exit ${run.code}, ${(ms / 1000).toFixed(1)} s, peak RSS ${rssMb.toFixed(0)} MB, ` +
            `${errors.length} errors with the one reason, ${sent.length} of them sent frames before it was found`,
        );
      } finally {
        await target.close();
      }
    });
  }

  it.concurrent('a URL-lifetime failure costs one lifetime: the failing case is not run again', async () => {
    const target = await startHostile('ok', 'flood');
    try {
      const out = mkdtempSync(join(tmpdir(), 'rtmc-expiry-'));
      const run = await runAgainst(target, out, ['--check', 'url.expiry', '--expect-url-ttl', '2', '--seed', '1']);
      const [expiry] = (JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as { checks: Result[] }).checks;
      expect(expiry, run.stdout).toMatchObject({ id: 'url.expiry', status: 'fail' });
      expect(expiry.message).not.toMatch(/intermittent/);
      // The probe's rtm.connect, then the 3 URLs of the one case: fetched once, each used once.
      expect(target.connects(), run.stdout).toBe(1 + 3);
      expect(expiry.transcript?.filter((l) => l.dir === 'note' && l.text === 'connected')).toHaveLength(3);
    } finally {
      await target.close();
    }
  });
});
