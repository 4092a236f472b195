import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { startHostile } from './hostile-target.js';

const TOKEN = 'xoxp-4242-dead-target-token';

interface Results {
  checks: { id: string; status: string; message: string }[];
}

async function runAgainst(apiUrl: string, extra: string[] = []): Promise<{ code: number | null; results: Results }> {
  const out = mkdtempSync(join(tmpdir(), 'rtmc-dead-'));
  const run = await runCli(
    [
      '--api',
      apiUrl,
      '--token',
      TOKEN,
      '--channel',
      'C1',
      '--out',
      out,
      '--reporter',
      'json',
      '--runs',
      '5',
      '--seed',
      '7',
      ...extra,
    ],
    { timeoutMs: 90_000 },
  );
  return { code: run.code, results: JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as Results };
}

describe('dead targets are judged from one probe, not waited on check by check', {
  concurrent: true,
  timeout: 100_000,
}, () => {
  it("a target that closes every socket at once: only the rtm.connect checks can pass; the hello checks fail with the probe's finding", async () => {
    const target = await startHostile('ok', 'close-at-once');
    try {
      const { code, results } = await runAgainst(target.apiUrl);
      expect(code).toBe(1);
      const passed = results.checks.filter((c) => c.status === 'pass').map((c) => c.id);
      // Not vacuous: exactly one check passes. Of the two rtm.connect checks only the response shape can: the
      // target accepts any token, so connect.auth-errors fails.
      expect(passed).toHaveLength(1);
      expect(
        passed.every((id) => id === 'connect.response-shape' || id === 'connect.auth-errors'),
        passed.join(', '),
      ).toBe(true);
      const hello = results.checks.find((c) => c.id === 'connect.hello-in-time')!;
      expect(hello.status).toBe('fail');
      const others = results.checks.filter((c) => !c.id.startsWith('connect.') && c.status !== 'skip');
      expect(others.length).toBeGreaterThan(0);
      for (const c of others) expect(c.message, c.id).toContain('see connect.hello-in-time');
    } finally {
      await target.close();
    }
  });

  it('a target that stops answering midway is declared gone: later checks end at once with the reason', async () => {
    const target = await startHostile('ok', 'goes-silent');
    try {
      const { results } = await runAgainst(target.apiUrl, [
        '--expect-url-ttl',
        '2',
        '--reply-timeout',
        '300',
        '--hello-timeout',
        '600',
        '--close-timeout',
        '600',
        '--quiet-time',
        '100',
      ]);
      const gone = results.checks.filter((c) => /stopped answering/.test(c.message));
      expect(gone.length, results.checks.map((c) => `${c.id} ${c.status}: ${c.message}`).join('\n')).toBeGreaterThan(0);
      for (const c of gone) expect(c.status).toBe('error');
      expect(
        results.checks.filter((c) => c.status === 'pass' && !c.id.startsWith('connect.')).map((c) => c.id),
      ).not.toContain('reply.correlates');
    } finally {
      await target.close();
    }
  });
});
