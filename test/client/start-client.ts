/**
 * A correct echo client written as a class with explicit states that connects with rtm.start (GET, the token in
 * the query, as old clients did), keeps alive with WebSocket pings rather than RTM pings, reconnects with a
 * backoff timer, and paces with a fixed tick: one message a second, no burst. One of the three differently written
 * clients that must pass clean (test/client/correct-clients.ts).
 */
import { get } from 'node:http';
import WebSocket from 'ws';

type State = 'idle' | 'starting' | 'open' | 'waiting';

/** Shared by both connections: a Grid message arrives on each, with the same ts. */
const seen = new Set<string>();
const pending: { bot: Bot; channel: string; text: string }[] = [];

class Bot {
  private state: State = 'idle';
  private socket: WebSocket | undefined;
  private nextId = 1;
  private failures = 0;

  constructor(
    private readonly api: string,
    private readonly token: string,
  ) {}

  start(): void {
    if (this.state === 'starting' || this.state === 'open') return;
    this.state = 'starting';
    const url = new URL('rtm.start', this.api);
    url.searchParams.set('token', this.token);
    get(url, (res) => {
      let raw = '';
      res.on('data', (chunk) => {
        raw += chunk;
      });
      res.on('end', () => {
        let body: { ok?: boolean; url?: string } = {};
        try {
          body = JSON.parse(raw);
        } catch {}
        if (res.statusCode === 200 && body.ok && body.url) this.open(body.url);
        else this.retry(Number(res.headers['retry-after']) * 1000);
      });
    }).on('error', () => this.retry());
  }

  send(channel: string, text: string): boolean {
    if (this.state !== 'open' || this.socket?.readyState !== WebSocket.OPEN) return false;
    this.socket.send(JSON.stringify({ id: this.nextId++, type: 'message', channel, text }));
    return true;
  }

  private open(url: string): void {
    const socket = new WebSocket(url);
    this.socket = socket;
    this.nextId = 1;
    const heartbeat = setInterval(() => socket.readyState === WebSocket.OPEN && socket.ping(), 1000);
    socket.on('open', () => {
      this.state = 'open';
      this.failures = 0;
    });
    socket.on('message', (data) => this.onEvent(String(data)));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearInterval(heartbeat);
      this.retry();
    });
  }

  private onEvent(raw: string): void {
    let e: { type?: string; subtype?: string; text?: unknown; channel?: string; ts?: string };
    try {
      e = JSON.parse(raw);
    } catch {
      return;
    }
    if (e.type === 'goodbye') this.socket?.close();
    if (e.type !== 'message' || e.subtype || typeof e.text !== 'string' || !e.text.startsWith('echo ')) return;
    if (seen.has(`${e.channel}:${e.ts}`)) return;
    seen.add(`${e.channel}:${e.ts}`);
    const chars = [...e.text.slice(5)];
    for (let i = 0; i < chars.length; i += 4000)
      pending.push({ bot: this, channel: e.channel!, text: chars.slice(i, i + 4000).join('') });
  }

  /** A backoff that doubles from 250 ms to 4 s, or the server's Retry-After when it gave one. */
  private retry(retryAfterMs = Number.NaN): void {
    if (this.state === 'waiting') return;
    this.state = 'waiting';
    const backoff = Math.min(250 * 2 ** this.failures++, 4000);
    setTimeout(
      () => {
        this.state = 'idle';
        this.start();
      },
      Number.isFinite(retryAfterMs) && retryAfterMs > 0 ? retryAfterMs : backoff,
    );
  }
}

const api = process.env.RTM_API_URL!;
const bots = [process.env.RTM_TOKEN, process.env.RTM_TOKEN_2].filter(Boolean).map((t) => new Bot(api, t!));
for (const bot of bots) bot.start();
// The tick: one message a second at most, whatever is pending (a message whose connection is down waits).
setInterval(() => {
  const next = pending[0];
  if (next?.bot.send(next.channel, next.text)) pending.shift();
}, 1000);
process.on('SIGTERM', () => process.exit(0));
