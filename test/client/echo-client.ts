/**
 * An RTM echo client for the client fault matrix: correct by default, broken in exactly one way with
 * `--fault NAME`. Raw `ws` and the project's own rtm.connect call, so nothing hides what it does.
 * The contract: RTM_API_URL, RTM_TOKEN, RTM_TOKEN_2 (optional), as `rtm-conformance client` sets them.
 */
import WebSocket from 'ws';
import { rtmConnect } from '../../harness/session/rtm-connect.js';

export const CLIENT_FAULTS = [
  'ids-reused',
  'ids-zero',
  'ids-string',
  'dies-on-unknown',
  'chokes-on-stale',
  'never-pings',
  'ignores-goodbye',
  'reuses-url',
  'hot-reconnect',
  'retries-expired-forever',
  'big-frame',
  'fires-at-once',
  'answers-grid-twice',
  'exits-on-first-echo',
  'ignores-queued',
  'never-opens',
  'echoes-twice',
  'gives-up',
] as const;
export type ClientFault = (typeof CLIENT_FAULTS)[number];

const fault = (process.argv.includes('--fault') ? process.argv[process.argv.indexOf('--fault') + 1] : undefined) as
  | ClientFault
  | undefined;
const PING_MS = Number(process.env.ECHO_CLIENT_PING_MS ?? 1000);
const api = process.env.RTM_API_URL!;
const tokens = [process.env.RTM_TOKEN!, ...(process.env.RTM_TOKEN_2 ? [process.env.RTM_TOKEN_2] : [])];
const answered = new Set<string>();
/** Outgoing messages wait here: 5 at once, then one per 600 ms, unless the fault fires them all at once. */
const queue: { send: (frame: Record<string, unknown>) => void; frame: Record<string, unknown> }[] = [];
let credit = 5;

function main(): void {
  tokens.forEach((token, i) => void connect(token, i === 0, 0));
  setInterval(() => {
    credit = Math.min(5, credit + 1);
    drain();
  }, 600).unref();
}

async function connect(token: string, primary: boolean, attempt: number, reuse?: string): Promise<void> {
  let url = reuse;
  if (!url) {
    try {
      url = (await rtmConnect({ apiUrl: api, token, maxRetryWaitMs: fault === 'hot-reconnect' ? 0 : 65_000 })).url;
    } catch {
      const wait = fault === 'hot-reconnect' ? 0 : Math.min(1000 * 2 ** attempt, 5000);
      setTimeout(() => void connect(token, primary, attempt + 1), wait);
      return;
    }
  }
  // The fault gets a socket URL and never uses it (and idles, as a stuck bot would).
  if (fault === 'never-opens') return void setInterval(() => undefined, 60_000);
  const ws = new WebSocket(url);
  let id = 0;
  let lastSent = 0;
  let helloAt = 0;
  let gaveUp = false;
  const nextId = () => (fault === 'ids-reused' ? 1 : fault === 'ids-zero' ? 0 : ++id);
  const send = (frame: Record<string, unknown>) => {
    if (ws.readyState !== WebSocket.OPEN) return;
    lastSent = performance.now();
    ws.send(JSON.stringify({ id: fault === 'ids-string' ? String(++id) : nextId(), ...frame }));
  };
  const pinger = setInterval(() => {
    if (fault !== 'never-pings' && ws.readyState === WebSocket.OPEN && performance.now() - lastSent >= PING_MS)
      send({ type: 'ping' });
  }, PING_MS / 2);
  ws.on('message', (data) => {
    const f = JSON.parse(data.toString()) as Record<string, unknown>;
    if (f.type === 'hello') helloAt = performance.now();
    if (typeof f.type === 'string' && f.type.startsWith('x_') && fault === 'dies-on-unknown') process.exit(3);
    if (f.reply_to !== undefined && (f.reply_to as number) > 1_000_000 && fault === 'chokes-on-stale') process.exit(4);
    if (f.type === 'goodbye') {
      // The fault takes goodbye for the end of the service: when the close follows, it does not come back.
      if (fault === 'ignores-goodbye') gaveUp = true;
      else ws.close();
    }
    if (f.type === 'error' && (f.error as { code?: number })?.code === 1 && fault === 'retries-expired-forever') {
      ws.removeAllListeners('close');
      setTimeout(() => void connect(token, primary, 0, url), 200);
    }
    if (f.type !== 'message' || f.subtype || typeof f.text !== 'string' || !f.text.startsWith('echo ')) return;
    // The fault treats what arrives with hello as stale backlog and drops it.
    if (fault === 'ignores-queued' && performance.now() - helloAt < 100) return;
    const key = `${f.channel}:${f.ts}`;
    if (answered.has(key) && fault !== 'answers-grid-twice') return;
    answered.add(key);
    const text = f.text.slice(5);
    const parts = fault === 'big-frame' ? [text] : splitText(text);
    for (const part of parts) queue.push({ send, frame: { type: 'message', channel: f.channel, text: part } });
    if (fault === 'echoes-twice') queue.push({ send, frame: { type: 'message', channel: f.channel, text } });
    drain();
    if (fault === 'exits-on-first-echo') setTimeout(() => process.exit(0), 50);
  });
  ws.on('close', () => {
    clearInterval(pinger);
    // The faults that stop for good: after goodbye, or after any close.
    if (gaveUp || fault === 'gives-up') return;
    const again = fault === 'reuses-url' ? url : undefined;
    setTimeout(() => void connect(token, primary, 0, again), fault === 'hot-reconnect' ? 0 : 200);
  });
  ws.on('error', () => undefined);
}

/** Splits a text into parts of at most 4000 characters (code points). */
function splitText(text: string): string[] {
  const chars = [...text];
  const parts: string[] = [];
  for (let i = 0; i < chars.length; i += 4000) parts.push(chars.slice(i, i + 4000).join(''));
  return parts;
}

function drain(): void {
  while (queue.length && (credit > 0 || fault === 'fires-at-once')) {
    const { send, frame } = queue.shift()!;
    credit -= 1;
    send(frame);
  }
}

process.on('SIGTERM', () => process.exit(0));
main();
