/**
 * A server under measurement, in its own process: `reference` (the reference RTM server, rate limit off)
 * or `floor` (a minimal ws server that parses each RTM message and replies with an ack: the least any
 * RTM server must do). Prints its WebSocket URL, then answers `cpu` on stdin with its CPU time in µs.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createInterface } from 'node:readline';
import { WebSocketServer } from 'ws';
import { startServer } from '../harness/server/server.js';
import { rtmConnect } from '../harness/session/rtm-connect.js';

const kind = process.argv[2];
const connections = Number(process.argv[3] ?? 1);

async function floorUrls(): Promise<string[]> {
  const http = createServer();
  const wss = new WebSocketServer({ server: http, perMessageDeflate: false, maxPayload: 1 << 20 });
  let seq = 0;
  wss.on('connection', (ws) => {
    ws.send('{"type":"hello"}');
    ws.on('message', (data) => {
      const m = JSON.parse(data.toString()) as { id: number; text: string };
      seq += 1;
      ws.send(
        JSON.stringify({
          ok: true,
          reply_to: m.id,
          ts: `1700000000.${String(seq % 1e6).padStart(6, '0')}`,
          text: m.text,
        }),
      );
    });
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  const url = `ws://127.0.0.1:${(http.address() as AddressInfo).port}/`;
  return Array.from({ length: connections }, () => url);
}

async function referenceUrls(): Promise<string[]> {
  const server = await startServer({ rateLimit: false, urlTtlMs: 600_000 });
  const token = server.fixture.users[0].token;
  return Promise.all(
    Array.from({ length: connections }, async () => (await rtmConnect({ apiUrl: server.apiUrl, token })).url),
  );
}

const urls = kind === 'floor' ? await floorUrls() : await referenceUrls();
process.stdout.write(`${JSON.stringify({ urls })}\n`);
createInterface({ input: process.stdin }).on('line', (line) => {
  if (line === 'cpu') {
    const u = process.cpuUsage();
    process.stdout.write(`${JSON.stringify({ cpuUs: u.user + u.system, rssBytes: process.memoryUsage().rss })}\n`);
  }
  if (line === 'exit') process.exit(0);
});
