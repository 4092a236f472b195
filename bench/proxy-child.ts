/**
 * One side of the proxy benchmark in its own process: `server` (the reference RTM server, rate limit off),
 * `proxy UPSTREAM` (the recording proxy in front of it, recording to a temporary file) or `floor UPSTREAM` (the least
 * a WebSocket relay does: a ws server that opens an upstream connection per client and passes frames both ways,
 * nothing recorded) or `pipe UPSTREAM` (a TCP byte pipe to the server's port: no WebSocket work at all). Prints its Web API URL (the floor: its socket URL), then answers `cpu` on stdin with its CPU time
 * in µs.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection, createServer } from 'node:net';
import { createInterface } from 'node:readline';
import { WebSocket, WebSocketServer } from 'ws';
import { startProxy } from '../harness/proxy/proxy.js';
import { rtmConnect } from '../harness/session/rtm-connect.js';
import { startServer } from '../harness/server/server.js';

const [kind, upstream] = process.argv.slice(2);
/** The floor: one upstream connection per client connection, frames passed on as they come. */
async function floorRelay(upstreamApi: string): Promise<string> {
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1', perMessageDeflate: false });
  wss.on('connection', async (down) => {
    const { url } = await rtmConnect({ apiUrl: upstreamApi, token: 'xoxp-1000-alice-reference' });
    const up = new WebSocket(url, { perMessageDeflate: false });
    up.on('message', (data, binary) => down.send(data, { binary }));
    down.on('message', (data, binary) => up.send(data, { binary }));
  });
  await new Promise((resolve) => wss.once('listening', resolve));
  return `ws://127.0.0.1:${(wss.address() as { port: number }).port}/`;
}

/** A byte pipe to the upstream's port (the upgrade and every frame pass through untouched): TCP's own floor. */
async function tcpPipe(upstreamApi: string): Promise<string> {
  const { port } = new URL(upstreamApi);
  const server = createServer((down) => {
    const up = createConnection({ host: '127.0.0.1', port: Number(port), noDelay: true });
    down.setNoDelay(true);
    down.pipe(up).pipe(down);
    for (const s of [up, down]) s.on('error', () => (s === up ? down : up).destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `tcp://127.0.0.1:${(server.address() as { port: number }).port}`;
}

const apiUrl =
  kind === 'pipe'
    ? await tcpPipe(upstream)
    : kind === 'floor'
      ? await floorRelay(upstream)
      : kind === 'proxy'
        ? (
            await startProxy({
              upstream,
              recordingFile: join(mkdtempSync(join(tmpdir(), 'rtm-proxy-bench-')), 'recording.jsonl'),
              settings: { replyTimeoutMs: 5000, pingBoundMs: 10_000, maxFrameBytes: 1 << 20 },
            })
          ).apiUrl
        : (await startServer({ rateLimit: false, urlTtlMs: 600_000 })).apiUrl;
process.stdout.write(`${JSON.stringify({ apiUrl })}\n`);
createInterface({ input: process.stdin }).on('line', (line) => {
  if (line === 'cpu') {
    const u = process.cpuUsage();
    process.stdout.write(`${JSON.stringify({ cpuUs: u.user + u.system })}\n`);
  }
  if (line === 'exit') process.exit(0);
});
