/**
 * An RTM echo client for the client fault matrix: correct by default, broken in exactly one way with
 * `--fault NAME`. Raw `ws` and the project's own rtm.connect call, so nothing hides what it does.
 * The contract: RTM_API_URL, RTM_TOKEN, RTM_TOKEN_2 (optional), as `rtm-conformance client` sets them.
 */
import { createHash } from 'node:crypto';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { rtmConnect } from '../../harness/session/rtm-connect.js';

export const CLIENT_FAULTS = [
  'ids-reused',
  'ids-zero',
  'ids-string',
  'dies-on-unknown',
  'chokes-on-stale',
  'never-pings',
  'never-reconnects-after-goodbye',
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
  'splits-just-over',
  'sustains-1-5',
  'crashes-mid-run',
] as const;
export type ClientFault = (typeof CLIENT_FAULTS)[number];

const fault = (process.argv.includes('--fault') ? process.argv[process.argv.indexOf('--fault') + 1] : undefined) as
  | ClientFault
  | undefined;
const PING_MS = Number(process.env.ECHO_CLIENT_PING_MS ?? 1000);
const api = process.env.RTM_API_URL!;
const tokens = [process.env.RTM_TOKEN!, ...(process.env.RTM_TOKEN_2 ? [process.env.RTM_TOKEN_2] : [])];
const answered = new Set<string>();
/**
 * crashes-mid-run exits after this many echoes, once a run: a marker named after the run (its API URL and the
 * harness's pid, the parent of every process of the run) tells its restarted process to run on (one that crashed
 * every N echoes would use up the harness's restarts, and prove nothing more).
 */
const CRASH_AFTER = process.argv.includes('--crash-after')
  ? Number(process.argv[process.argv.indexOf('--crash-after') + 1])
  : 8;
const runKey = createHash('sha256').update(`${api} ${process.ppid}`).digest('hex').slice(0, 16);
const crashMarker = join(tmpdir(), `rtm-echo-crashed-${runKey}`);
let echoes = 0;
/**
 * Outgoing messages wait here for a token of a bucket: 5 at once, then 1 per second (the page's pace), unless
 * the fault fires them all at once, or keeps 1.5 per second without a burst (over the page's pace only once the
 * burst it never took is used up: the harder case to catch).
 */
const queue: { send: (frame: Record<string, unknown>) => void; frame: Record<string, unknown> }[] = [];
const pace = fault === 'sustains-1-5' ? { burst: 1, perSecond: 1.5 } : { burst: 5, perSecond: 1 };
let credit = pace.burst;
let creditAt = performance.now();
let refill: NodeJS.Timeout | undefined;

function main(): void {
  tokens.forEach((token, i) => void connect(token, i === 0, 0));
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
      if (fault === 'never-reconnects-after-goodbye') gaveUp = true;
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
    const parts = fault === 'big-frame' ? [text] : splitText(text, fault === 'splits-just-over' ? 4001 : 4000);
    for (const part of parts) queue.push({ send, frame: { type: 'message', channel: f.channel, text: part } });
    if (fault === 'echoes-twice') queue.push({ send, frame: { type: 'message', channel: f.channel, text } });
    drain();
    if (fault === 'exits-on-first-echo') setTimeout(() => process.exit(0), 50);
    echoes += 1;
    if (fault === 'crashes-mid-run' && echoes === CRASH_AFTER && !existsSync(crashMarker)) {
      writeFileSync(crashMarker, '');
      console.error(`echo-client: crashing on purpose after ${echoes} echoes`);
      setTimeout(() => process.exit(70), 50);
    }
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

/** Splits a text into parts of at most `size` characters (code points, as the page counts them). */
function splitText(text: string, size: number): string[] {
  const chars = [...text];
  const parts: string[] = [];
  for (let i = 0; i < chars.length; i += size) parts.push(chars.slice(i, i + size).join(''));
  return parts;
}

function drain(): void {
  const now = performance.now();
  credit = Math.min(pace.burst, credit + ((now - creditAt) / 1000) * pace.perSecond);
  creditAt = now;
  while (queue.length && (credit >= 1 || fault === 'fires-at-once')) {
    const { send, frame } = queue.shift()!;
    credit -= 1;
    send(frame);
  }
  // Wakes when the next token is whole (a few ms late rather than early).
  if (queue.length && !refill)
    refill = setTimeout(
      () => {
        refill = undefined;
        drain();
      },
      ((1 - credit) / pace.perSecond) * 1000 + 5,
    );
}

process.on('SIGTERM', () => {
  // The harness ends the run's last process: the marker has served.
  if (fault === 'crashes-mid-run') rmSync(crashMarker, { force: true });
  process.exit(0);
});
main();
