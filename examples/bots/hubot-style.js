// A hubot-style responder on raw `ws`, as any bot is graded (it has no echo contract):
//   npx rtm-conformance client --profile lifecycle --trigger 'hubot ping' --trigger 'hubot time' \
//     -- node examples/bots/hubot-style.js
// Like hubot's ping script, it answers only when addressed ("hubot ping", "<@U…> ping"): PING -> PONG,
// ECHO <text> -> <text>, TIME -> the server time. The rest is what the RTM page asks of every client: rtm.connect
// for each connection (URLs are single-use), backing off while refused, a ping when idle, goodbye and drops
// followed by a reconnect, answers paced at a burst of 5 then 1 a second.
import WebSocket from 'ws';

const API = process.env.RTM_API_URL;
const TOKEN = process.env.RTM_TOKEN;
const NAME = 'hubot';
/** An RTM ping after this long without sending anything ("every few seconds"). */
const PING_MS = 3000;

const responders = [
  [/^PING$/i, () => 'PONG'],
  [/^ECHO (.+)$/is, (m) => m[1]],
  [/^TIME$/i, () => `Server time is: ${new Date().toString()}`],
];

/** rtm.connect: a fresh, single-use socket URL, or the seconds to wait before asking again. */
async function rtmConnect() {
  const res = await fetch(`${API}rtm.connect`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token: TOKEN }),
  });
  if (res.status === 429) return { retryAfter: Number(res.headers.get('retry-after') ?? 1) };
  const body = await res.json();
  if (!body.ok) throw new Error(`rtm.connect: ${body.error}`);
  return { url: body.url, self: body.self };
}

let failures = 0;
/** Outgoing answers: a burst of 5, then one a second. */
const outbox = [];
let credit = 5;
let creditAt = performance.now();
let socket;
let refill;

async function connect() {
  let answer;
  try {
    answer = await rtmConnect();
  } catch (err) {
    answer = { error: err };
  }
  if (!answer.url) {
    failures += 1;
    const wait = answer.retryAfter ? answer.retryAfter * 1000 : Math.min(1000 * 2 ** failures, 30_000);
    setTimeout(connect, wait);
    return;
  }
  failures = 0;
  const me = answer.self;
  const addressed = new RegExp(`^\\s*(?:<@${me.id}>|@?${NAME}|@?${me.name})[:,]?\\s+(.*)$`, 'is');
  const ws = new WebSocket(answer.url);
  socket = ws;
  let id = 0;
  let lastSent = performance.now();
  const send = (frame) => {
    if (ws.readyState !== WebSocket.OPEN) return false;
    ws.send(JSON.stringify({ id: ++id, ...frame }));
    lastSent = performance.now();
    return true;
  };
  ws.sendFrame = send;
  const keepalive = setInterval(() => {
    if (performance.now() - lastSent >= PING_MS) send({ type: 'ping' });
  }, PING_MS / 3);
  ws.on('message', (data) => {
    let event;
    try {
      event = JSON.parse(data.toString());
    } catch {
      return;
    }
    if (event.type === 'goodbye') return ws.close();
    if (event.type !== 'message' || event.subtype || event.user === me.id || typeof event.text !== 'string') return;
    const command = addressed.exec(event.text)?.[1];
    if (command === undefined) return;
    for (const [pattern, respond] of responders) {
      const m = pattern.exec(command.trim());
      if (m) {
        outbox.push({ type: 'message', channel: event.channel, text: respond(m) });
        drain();
        return;
      }
    }
  });
  ws.on('close', () => {
    clearInterval(keepalive);
    if (socket === ws) setTimeout(connect, 250);
  });
  ws.on('error', () => undefined);
}

function drain() {
  const now = performance.now();
  credit = Math.min(5, credit + (now - creditAt) / 1000);
  creditAt = now;
  while (outbox.length && credit >= 1 && socket?.readyState === WebSocket.OPEN) {
    socket.sendFrame(outbox.shift());
    credit -= 1;
  }
  // One timer at a time: until the next whole credit.
  if (outbox.length && !refill)
    refill = setTimeout(
      () => {
        refill = undefined;
        drain();
      },
      Math.max(50, (1 - credit) * 1000),
    );
}

process.on('SIGTERM', () => process.exit(0));
connect();
