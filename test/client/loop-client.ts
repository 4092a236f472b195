/**
 * A correct echo client written as one async reconnect loop per token: `for (;;) { url = await rtm.connect;
 * await the session; await a pause }`. fetch for the Web API (Retry-After honoured), `ws` for the socket, RTM
 * pings while idle, and an async send loop that paces messages (5 at once, then 1 per second). One of the three
 * differently written clients that must pass clean (test/client/correct-clients.ts).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import WebSocket from 'ws';

const api = process.env.RTM_API_URL!;
const tokens = [process.env.RTM_TOKEN!, process.env.RTM_TOKEN_2].filter((t): t is string => !!t);
/** Messages answered, by channel and ts: on Enterprise Grid one message arrives once per workspace connection. */
const answered = new Set<string>();
const outbox: { socket: WebSocket; send: (frame: object) => void; frame: object }[] = [];
let wake: (() => void) | undefined;

/** rtm.connect until it gives a URL: a refusal's Retry-After, else a doubling pause, is waited out. */
async function socketUrl(token: string): Promise<string> {
  for (let pause = 500; ; pause = Math.min(pause * 2, 8000)) {
    try {
      const res = await fetch(new URL('rtm.connect', api), {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-www-form-urlencoded' },
        body: '',
      });
      const body = (await res.json()) as { ok?: boolean; url?: string };
      if (res.ok && body.ok && body.url) return body.url;
      const retryAfter = Number(res.headers.get('retry-after'));
      await sleep(Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : pause);
    } catch {
      await sleep(pause);
    }
  }
}

/** One connection, from open to close: resolves when it has closed, however it closed. */
function session(url: string): Promise<void> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url);
    let id = 0;
    let lastSent = performance.now();
    const send = (frame: object) => {
      if (socket.readyState !== WebSocket.OPEN) return;
      lastSent = performance.now();
      socket.send(JSON.stringify({ id: ++id, ...frame }));
    };
    const keepalive = setInterval(() => {
      if (performance.now() - lastSent >= 1000) send({ type: 'ping' });
    }, 250);
    socket.on('message', (data) => {
      let event: Record<string, unknown>;
      try {
        event = JSON.parse(data.toString());
      } catch {
        return;
      }
      if (event.type === 'goodbye') return void socket.close();
      if (event.type !== 'message' || event.subtype || typeof event.text !== 'string') return;
      if (!event.text.startsWith('echo ')) return;
      const key = `${event.channel}:${event.ts}`;
      if (answered.has(key)) return;
      answered.add(key);
      for (const text of parts(event.text.slice('echo '.length)))
        outbox.push({ socket, send, frame: { type: 'message', channel: event.channel, text } });
      wake?.();
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearInterval(keepalive);
      resolve();
    });
  });
}

/** At most 4000 characters a message, counted as the page counts them: code points. */
function parts(text: string): string[] {
  const chars = Array.from(text);
  const out: string[] = [];
  for (let i = 0; i < chars.length; i += 4000) out.push(chars.slice(i, i + 4000).join(''));
  return out;
}

/** Sends what the outbox holds: up to 5 at once, then one a second, the tokens refilling while it waits. */
async function sendLoop(): Promise<never> {
  let credit = 5;
  let at = performance.now();
  for (;;) {
    const now = performance.now();
    credit = Math.min(5, credit + (now - at) / 1000);
    at = now;
    const next = outbox[0];
    if (!next) {
      await new Promise<void>((r) => {
        wake = r;
      });
      continue;
    }
    if (credit < 1) {
      await sleep((1 - credit) * 1000 + 5);
      continue;
    }
    outbox.shift();
    // A message for a connection that has closed is dropped, not sent elsewhere: its request may come again.
    if (next.socket.readyState === WebSocket.OPEN) {
      credit -= 1;
      next.send(next.frame);
    }
  }
}

async function run(token: string): Promise<never> {
  for (;;) {
    await session(await socketUrl(token));
    await sleep(200);
  }
}

process.on('SIGTERM', () => process.exit(0));
void sendLoop();
for (const token of tokens) void run(token);
