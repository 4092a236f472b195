/**
 * A correct echo client written as an EventEmitter (connection events in, handlers out) that is slow to come
 * back: after any disconnect it waits `--reconnect-delay S` (default 20 s, as slow as some real clients are after
 * a drop) before it calls rtm.connect again. The page sets no time limit on reconnecting, so it passes every MUST;
 * only the checks that judge how quickly a client reconnects (a SHOULD) may warn. One of the three differently
 * written clients of test/client/correct-clients.ts, which shortens the delay by the flag.
 */
import { EventEmitter } from 'node:events';
import WebSocket from 'ws';
import { rtmConnect } from '../../harness/session/rtm-connect.js';

const arg = (name: string, fallback: number) =>
  process.argv.includes(name) ? Number(process.argv[process.argv.indexOf(name) + 1]) : fallback;
const RECONNECT_DELAY_MS = arg('--reconnect-delay', 20) * 1000;

interface SlackEvent {
  type?: string;
  subtype?: string;
  channel?: string;
  text?: unknown;
  ts?: string;
}

/** One token's connection, as events: 'event' for each frame from the server, 'down' when it is gone. */
class Connection extends EventEmitter {
  private socket: WebSocket | undefined;
  private id = 0;
  lastSent = 0;

  constructor(
    private readonly api: string,
    readonly token: string,
  ) {
    super();
    this.on('down', () => setTimeout(() => void this.up(), RECONNECT_DELAY_MS));
  }

  async up(): Promise<void> {
    let url: string;
    try {
      url = (await rtmConnect({ apiUrl: this.api, token: this.token })).url;
    } catch {
      return void this.emit('down');
    }
    const socket = new WebSocket(url);
    this.socket = socket;
    this.id = 0;
    socket.on('message', (data) => {
      try {
        this.emit('event', JSON.parse(String(data)) as SlackEvent);
      } catch {}
    });
    socket.on('error', () => undefined);
    socket.once('close', () => this.emit('down'));
  }

  close(): void {
    this.socket?.close();
  }

  send(frame: object): boolean {
    if (this.socket?.readyState !== WebSocket.OPEN) return false;
    this.lastSent = performance.now();
    this.socket.send(JSON.stringify({ id: ++this.id, ...frame }));
    return true;
  }
}

const api = process.env.RTM_API_URL!;
const answered = new Set<string>();
/** Outgoing messages and a bucket: 5 at once, then 1 per second (the page's pace). */
const queue: { via: Connection; frame: object }[] = [];
const bucket = { tokens: 5, at: performance.now() };

function flush(): void {
  const now = performance.now();
  bucket.tokens = Math.min(5, bucket.tokens + (now - bucket.at) / 1000);
  bucket.at = now;
  while (queue.length && bucket.tokens >= 1) {
    const { via, frame } = queue.shift()!;
    if (via.send(frame)) bucket.tokens -= 1;
  }
}

for (const token of [process.env.RTM_TOKEN, process.env.RTM_TOKEN_2]) {
  if (!token) continue;
  const connection = new Connection(api, token);
  connection.on('event', (e: SlackEvent) => {
    if (e.type === 'goodbye') connection.close();
    if (e.type !== 'message' || e.subtype || typeof e.text !== 'string' || !e.text.startsWith('echo ')) return;
    if (answered.has(`${e.channel}:${e.ts}`)) return;
    answered.add(`${e.channel}:${e.ts}`);
    const chars = Array.from(e.text.slice(5));
    for (let i = 0; i < chars.length; i += 4000)
      queue.push({
        via: connection,
        frame: { type: 'message', channel: e.channel, text: chars.slice(i, i + 4000).join('') },
      });
    flush();
  });
  void connection.up();
  // Keepalive: an RTM ping when nothing was sent for a second.
  setInterval(() => {
    if (performance.now() - connection.lastSent >= 1000) connection.send({ type: 'ping' });
  }, 250);
}
setInterval(flush, 100);
process.on('SIGTERM', () => process.exit(0));
