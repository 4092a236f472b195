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
async function runAgainst(target: HostileTarget, out: string): Promise<CliResult & { rssMb: number; ms: number }> {
  const started = performance.now();
  const run = await runCli(
    ['--api', target.apiUrl, '--token', TOKEN, '--channel', 'C1', '--out', out, ...FAST, ...SUITES],
    {
      reportMaxRss: true,
      timeoutMs: BUDGET_MS,
    },
  );
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
