// Artillery's side of `npm run bench -- --peer artillery`: an rtm.connect hook that gives each virtual user its
// socket URL, and a reply-matching step: each virtual user sends a message, waits for the ack whose reply_to
// names it, records the time, and sends the next (a closed loop, as Artillery's ws engine works).
const { performance } = require('node:perf_hooks');

const API = process.env.PEER_API_URL;
const TOKEN = process.env.PEER_TOKEN;
const CHANNEL = process.env.PEER_CHANNEL;
const SECONDS = Number(process.env.PEER_SECONDS || 5);

module.exports = {
  /**
   * Artillery's connect hook: sets the socket URL this virtual user connects to.
   * @param {{ target?: string }} wsArgs
   * @param {unknown} _context
   * @param {(err?: unknown) => void} done
   */
  async rtmConnect(wsArgs, _context, done) {
    try {
      const res = await fetch(`${API}rtm.connect`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` } });
      wsArgs.target = (await res.json()).url;
      done();
    } catch (err) {
      done(err);
    }
  },
  /**
   * A flow step: the virtual user's closed loop of messages and acks.
   * @param {{ ws: import('ws').WebSocket }} context
   * @param {{ emit(kind: 'histogram' | 'counter', name: string, value: number): void }} ee
   */
  async ackLoop(context, ee) {
    const ws = context.ws;
    const waiting = new Map();
    ws.on('message', (data) => {
      let frame;
      try {
        frame = JSON.parse(data.toString());
      } catch {
        return;
      }
      const resolve = waiting.get(frame.reply_to);
      if (resolve) {
        waiting.delete(frame.reply_to);
        resolve();
      }
    });
    const end = performance.now() + SECONDS * 1000;
    for (let id = 1; performance.now() < end; id++) {
      const started = performance.now();
      await new Promise((resolve) => {
        waiting.set(id, resolve);
        ws.send(JSON.stringify({ id, type: 'message', channel: CHANNEL, text: `artillery ${id}` }));
      });
      ee.emit('histogram', 'rtm.ack_ms', performance.now() - started);
      ee.emit('counter', 'rtm.acks', 1);
    }
  },
};
