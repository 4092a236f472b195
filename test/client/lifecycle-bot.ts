/**
 * A bot without the echo contract for the lifecycle matrix (`client --profile lifecycle`): a hubot-style responder
 * that answers "hubot ping" with "PONG" and nothing else, correct by default, broken in exactly one lifecycle
 * requirement with `--fault NAME`. Raw `ws` and the project's own rtm.connect call, so nothing hides what it does.
 */
import WebSocket from 'ws';
import { rtmConnect } from '../../harness/session/rtm-connect.js';

export const LIFECYCLE_FAULTS = [
  'deaf',
  'dies-on-unknown',
  'deaf-after-unknown',
  'closes-on-stale',
  'never-pings',
  'big-reply',
  'long-text',
  'answers-at-once',
  'stays-down-after-goodbye',
  'gives-up',
  'retries-expired-forever',
  'hot-reconnect',
  'reuses-url',
  'ids-reused',
  'exits-after-answer',
] as const;
export type LifecycleFault = (typeof LIFECYCLE_FAULTS)[number];

/** The trigger it answers, as the tests pass it to --trigger. */
export const LIFECYCLE_TRIGGER = 'hubot ping';

const fault = (process.argv.includes('--fault') ? process.argv[process.argv.indexOf('--fault') + 1] : undefined) as
  | LifecycleFault
  | undefined;
const PING_MS = 1000;
const api = process.env.RTM_API_URL!;
/** After an unknown event type, the fault's handler is wedged: it stays connected and pings, and answers nothing. */
let deaf = fault === 'deaf';
/** Outgoing answers: 5 at once, then 1 per second (the page's pace), unless the fault sends them all at once. */
const queue: (() => void)[] = [];
let credit = 5;
let creditAt = performance.now();
let refill: NodeJS.Timeout | undefined;

async function connect(attempt: number, reuse?: string): Promise<void> {
  let url = reuse;
  if (!url) {
    try {
      url = (await rtmConnect({ apiUrl: api, token: process.env.RTM_TOKEN!, maxRetryWaitMs: hot() ? 0 : 65_000 })).url;
    } catch {
      setTimeout(() => void connect(attempt + 1), hot() ? 0 : Math.min(1000 * 2 ** attempt, 5000));
      return;
    }
  }
  const ws = new WebSocket(url);
  let id = 0;
  let lastSent = 0;
  let stop = false;
  const send = (frame: Record<string, unknown>) => {
    if (ws.readyState !== WebSocket.OPEN) return;
    lastSent = performance.now();
    ws.send(JSON.stringify({ id: fault === 'ids-reused' ? 1 : ++id, ...frame }));
  };
  const pinger = setInterval(() => {
    if (fault !== 'never-pings' && ws.readyState === WebSocket.OPEN && performance.now() - lastSent >= PING_MS)
      send({ type: 'ping' });
  }, PING_MS / 2);
  ws.on('message', (data) => {
    const f = JSON.parse(data.toString()) as Record<string, unknown>;
    // The harness's unknown types start with x_ (suites/client/unknown-events.client-check.ts).
    if (typeof f.type === 'string' && f.type.startsWith('x_')) {
      if (fault === 'dies-on-unknown') process.exit(3);
      if (fault === 'deaf-after-unknown') deaf = true;
    }
    if (f.reply_to !== undefined && (f.reply_to as number) > id && fault === 'closes-on-stale') ws.close();
    if (f.type === 'goodbye') {
      if (fault === 'stays-down-after-goodbye') stop = true;
      ws.close();
    }
    if (f.type === 'error' && (f.error as { code?: number })?.code === 1 && fault === 'retries-expired-forever') {
      ws.removeAllListeners('close');
      setTimeout(() => void connect(0, url), 200);
    }
    if (f.type !== 'message' || f.subtype || f.text !== LIFECYCLE_TRIGGER || deaf) return;
    const text = fault === 'big-reply' ? '😀'.repeat(5000) : fault === 'long-text' ? 'P'.repeat(4001) : 'PONG';
    queue.push(() => send({ type: 'message', channel: f.channel, text }));
    drain();
    if (fault === 'exits-after-answer') setTimeout(() => process.exit(0), 50);
  });
  ws.on('close', () => {
    clearInterval(pinger);
    if (stop || fault === 'gives-up') return;
    setTimeout(() => void connect(0, fault === 'reuses-url' ? url : undefined), hot() ? 0 : 200);
  });
  ws.on('error', () => undefined);
}

const hot = () => fault === 'hot-reconnect';

function drain(): void {
  const now = performance.now();
  credit = Math.min(5, credit + (now - creditAt) / 1000);
  creditAt = now;
  while (queue.length && (credit >= 1 || fault === 'answers-at-once')) {
    credit -= 1;
    queue.shift()!();
  }
  if (queue.length && !refill)
    refill = setTimeout(
      () => {
        refill = undefined;
        drain();
      },
      (1 - credit) * 1000 + 5,
    );
}

process.on('SIGTERM', () => process.exit(0));
// A bot idles between connections, as one that gave up reconnecting does: only the harness ends it.
setInterval(() => undefined, 60_000);
void connect(0);
