import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { useServers } from '../../helpers/server.js';

const servers = useServers();
const tmp = () => mkdtempSync(join(tmpdir(), 'rtmc-'));
const noStack = (s: string) => expect(s).not.toMatch(/\n\s+at /);

describe('CLI contract', () => {
  it('prints --version and --help with exit 0', async () => {
    const version = await runCli(['--version']);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const help = await runCli(['run', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--expect-url-ttl');
  });

  it('rejects an unknown flag or a bad value with exit 2 and one line naming the flag', async () => {
    const unknown = await runCli(['--bogus']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("'--bogus'");
    const bad = await runCli(['--runs', 'many']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--runs');
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    noStack(bad.stderr);
    const orphan = await runCli(['--api', 'http://127.0.0.1:9/api/']);
    expect(orphan.code).toBe(2);
    expect(orphan.stderr).toContain('--token');
  });

  it('prints the plan with --list and exits 0 without touching a target', async () => {
    const list = await runCli([
      '--list',
      '--suite',
      'connect',
      '--api',
      'http://127.0.0.1:9/api/',
      '--token',
      'xoxp-1',
    ]);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/connect\.hello-first\s+MUST\s+connect/);
  });

  it('runs the connect suite against the embedded server: exit 0 and three report files', async () => {
    const out = tmp();
    const run = await runCli(['--suite', 'connect', '--out', out, '--seed', '42']);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
    expect(results).toMatchObject({
      tool: { name: 'rtm-conformance' },
      target: { embedded: true },
      seed: 42,
      verdict: 'pass',
    });
    expect(results.summary.fail).toBe(0);
    expect(results.checks.map((c: { id: string }) => c.id)).toContain('connect.hello-first');
    expect(readFileSync(join(out, 'junit.xml'), 'utf8')).toContain('<testsuites');
    expect(readFileSync(join(out, 'index.html'), 'utf8')).toContain('connect.hello-first');
  });

  it('exits 1 and names the failing check against a server without hello', async () => {
    const out = tmp();
    const run = await runCli([
      '--suite',
      'connect',
      '--fault',
      'no-hello',
      '--out',
      out,
      '--reporter',
      'console',
      '--reporter',
      'json',
    ]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/FAIL connect\.hello-in-time/);
    expect(run.stdout).toContain('replay: npx rtm-conformance run --check connect.hello-in-time');
  });

  it('takes tokens from RTM_TOKEN for an external target, and exits 3 when the target cannot be reached', async () => {
    const server = await servers.start();
    const good = await runCli(
      ['--suite', 'connect', '--api', server.apiUrl, '--channel', 'C0GENERAL', '--reporter', 'console'],
      {
        env: { RTM_TOKEN: server.fixture.users[0].token },
      },
    );
    expect(good.code, good.stdout + good.stderr).toBe(0);
    expect(good.stdout).not.toContain(server.fixture.users[0].token);
    const out = tmp();
    await server.close();
    const gone = await runCli([
      '--suite',
      'connect',
      '--api',
      server.apiUrl,
      '--token',
      'xoxp-1',
      '--channel',
      'C1',
      '--out',
      out,
    ]);
    expect(gone.code).toBe(3);
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
    // Every check that could run with one token is an error; one that needs two says so (a skip, never a pass).
    const twoUsers = results.checks.filter(
      (c: { message: string }) => c.message === 'needs 2 tokens, the target has 1',
    );
    expect(twoUsers.map((c: { id: string }) => c.id)).toEqual(['connect.queued-events']);
    expect(results.summary.error).toBe(results.checks.length - twoUsers.length);
    noStack(gone.stdout + gone.stderr);
  });

  it('reads conformance.yaml from the working folder, and flags override it', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'conformance.yaml'), 'seed: 7\nsuites: [connect]\nreports:\n  formats: [json]\n');
    const run = await runCli(['--runs', '2'], { cwd: dir });
    expect(run.code, run.stderr).toBe(0);
    const results = JSON.parse(readFileSync(join(dir, 'rtm-conformance-report', 'results.json'), 'utf8'));
    expect(results).toMatchObject({ seed: 7, runs: 2 });
    expect(new Set(results.checks.map((c: { suite: string }) => c.suite))).toEqual(new Set(['connect']));
  });
});
