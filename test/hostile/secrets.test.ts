import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { useServers } from '../helpers/server.js';

const servers = useServers();

describe('secrets', () => {
  it('never writes a token or a socket ticket: console, results.json, junit.xml, index.html, load outputs', async () => {
    // Faults make checks fail, so transcripts, rtm.connect bodies (with their URLs) and errors are all written.
    const server = await servers.start({ faults: ['thin-connect-response', 'pong-drops-args', 'no-size-limit'] });
    const tokens = server.fixture.users.slice(0, 2).map((u) => u.token);
    const out = mkdtempSync(join(tmpdir(), 'rtmc-secrets-'));
    const target = ['--api', server.apiUrl, '--channel', 'C0GENERAL'];
    const run = await runCli([
      ...target,
      '--token',
      tokens[0],
      '--token',
      tokens[1],
      '--runs',
      '5',
      '--out',
      out,
      '--suite',
      'connect',
      '--suite',
      'ping',
      '--suite',
      'size',
      '--suite',
      'url',
      '--suite',
      'reply',
      '--expect-url-ttl',
      '2',
    ]);
    expect(run.code).toBe(1);
    const load = await runCli(
      [
        'load',
        ...target,
        '--channel',
        'C0RANDOM1',
        '--rate',
        '200',
        '--duration',
        '1',
        '--warmup',
        '0',
        '--connections',
        '2',
        '--out',
        out,
      ],
      { env: { RTM_TOKEN: tokens[0] }, timeoutMs: 60_000 },
    );
    expect(load.code, load.stderr).toBe(0);

    const tickets = server.issuedTickets();
    expect(tickets.length).toBeGreaterThan(10);
    const outputs: [string, string][] = [
      ['run stdout', run.stdout],
      ['run stderr', run.stderr],
      ['load stdout', load.stdout],
      ['load stderr', load.stderr],
      ...readdirSync(out).map((f): [string, string] => [f, readFileSync(join(out, f), 'utf8')]),
    ];
    expect(outputs.map(([name]) => name)).toEqual(
      expect.arrayContaining(['results.json', 'junit.xml', 'index.html', 'load.json', 'latency.hgrm', 'latency.hlog']),
    );
    for (const [name, text] of outputs) {
      for (const secret of [...tokens, ...tickets])
        expect(text.includes(secret), `${secret.slice(0, 6)}… in ${name}`).toBe(false);
    }
    // The evidence is still there, with the secret parts masked.
    expect(readFileSync(join(out, 'results.json'), 'utf8')).toContain('/[redacted-path]');
  });
});
