import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { CLIENT_REQUIRES } from '../../../harness/protocol/client-requirements.js';
import type { ResultsFile } from '../../../harness/results/results-file.js';
import type { CheckResult } from '../../../harness/runner/events.js';
import { startServer } from '../../../harness/server/server.js';
import { CLI_COMMAND, runCli } from '../../helpers/cli.js';
import { chatWithRtmApi } from '../proxy/rtm-api-through-proxy.js';

/** A client that breaks the page's client rules by hand: an id twice, a 4500-character text, its socket URL twice. */
async function misbehave(apiUrl: string, token: string, channel: string): Promise<string> {
  const answer = await fetch(`${apiUrl}rtm.connect`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: `token=${token}`,
  });
  const { url } = (await answer.json()) as { url: string };
  const ws = new WebSocket(url);
  const frames: unknown[] = [];
  const replies = new Promise<void>((resolve) =>
    ws.on('message', (data) => {
      frames.push(JSON.parse(String(data)));
      if (frames.length === 4) resolve();
    }),
  );
  await new Promise((resolve) => ws.once('open', resolve));
  ws.send(JSON.stringify({ id: 1, type: 'message', channel, text: 'first' }));
  ws.send(JSON.stringify({ id: 1, type: 'message', channel, text: 'the same id again' }));
  ws.send(JSON.stringify({ id: 2, type: 'message', channel, text: 'x'.repeat(4500) }));
  await replies; // hello and three replies
  ws.close();
  await new Promise((resolve) => ws.once('close', resolve));
  // The same URL again: refused by the upstream, tried all the same.
  const again = new WebSocket(url);
  await new Promise((resolve) => {
    again.once('error', resolve);
    again.once('close', resolve);
  });
  return new URL(url).pathname;
}

const comparable = (r: CheckResult) => ({ ...r, durationMs: 0 });

describe('proxy and report RECORDING', () => {
  it('grade both sides of a real and a broken client from the traffic, the same again from the recording, and print no secret', {
    timeout: 30_000,
  }, async () => {
    const server = await startServer();
    const out = mkdtempSync(join(tmpdir(), 'rtm-proxy-cli-'));
    const [command, ...args] = [
      ...CLI_COMMAND,
      ...['proxy', '--upstream', server.apiUrl, '--out', out, '--reply-timeout', '300'],
      ...['--reporter', 'console', '--reporter', 'json', '--reporter', 'html'],
    ];
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const apiUrl = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`proxy printed no URL: ${stdout} ${stderr}`)), 15_000);
      child.stdout.on('data', (d) => {
        stdout += d;
        const m = /proxy (http:\/\/127\.0\.0\.1:\d+\/api\/)/.exec(stdout);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      });
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const proxyPath = await misbehave(apiUrl, server.fixture.users[1].token, server.fixture.channels[0].id);
    await chatWithRtmApi(apiUrl, server, 5);
    const tickets = server.issuedTickets();
    child.kill('SIGINT');
    expect(await exited).toBe(1);
    await server.close();

    const graded = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as ResultsFile;
    const by = Object.fromEntries(graded.checks.map((r) => [r.id, r]));
    const seen = (id: string) => `${id} ${by[id].status} ${by[id].expected.join('|')}`;
    // The client side: the broken client is caught on each rule it broke (the URL reuse is a MUST: exit 1).
    expect(seen('client.single-use-url')).toBe(`client.single-use-url fail ${CLIENT_REQUIRES.socketUrlUsedOnce}`);
    expect(seen('client.ids')).toBe(`client.ids warn ${CLIENT_REQUIRES.idsUniquePerConnection}`);
    expect(seen('client.message-size')).toBe(`client.message-size warn ${CLIENT_REQUIRES.textWithinCharacters}`);
    // The server side is not blamed for the client's reused id: its replies pass.
    for (const id of ['connect.hello-first', 'reply.correlates', 'ids.replies-name-sent-ids'])
      expect(`${id} ${by[id].status}`).toBe(`${id} pass`);
    expect(by['reply.correlates'].message).toMatch(/6 replies/);

    const again = await runCli([
      'report',
      join(out, 'recording.jsonl'),
      '--out',
      join(out, 'again'),
      '--reporter',
      'json',
    ]);
    expect(again.code).toBe(1);
    const regraded = JSON.parse(readFileSync(join(out, 'again', 'results.json'), 'utf8')) as ResultsFile;
    expect(regraded.checks.map(comparable)).toEqual(graded.checks.map(comparable));
    expect(regraded.summary).toEqual(graded.summary);

    // No token, no upstream ticket, no proxy path in anything printed or written.
    const secrets = [...server.fixture.users.map((u) => u.token), ...tickets, proxyPath.split('/').at(-1)!];
    expect(tickets.length).toBeGreaterThan(0);
    const written = [out, join(out, 'again')].flatMap((dir) =>
      readdirSync(dir, { withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => readFileSync(join(dir, e.name), 'utf8')),
    );
    expect(written.length).toBeGreaterThanOrEqual(4);
    for (const text of [stdout, stderr, again.stdout, again.stderr, ...written])
      for (const secret of secrets) expect(text.includes(secret), `${secret} in ${text.slice(0, 200)}`).toBe(false);
  });

  it('bad input: one line naming the flag or file:line, exit 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rtm-proxy-bad-'));
    const file = join(dir, 'recording.jsonl');
    writeFileSync(file, '{"kind":"meta","version":1,"tool":"t","upstream":"u","settings":{}}\nnot json\n');
    const [noUpstream, badRecording] = await Promise.all([runCli(['proxy']), runCli(['report', file])]);
    expect([noUpstream.code, noUpstream.stderr]).toEqual([2, 'rtm-conformance: proxy: --upstream <url> is required\n']);
    expect([badRecording.code, badRecording.stderr]).toEqual([
      2,
      `rtm-conformance: ${file}:2: not a JSON line of a proxy recording\n`,
    ]);
  });
});
