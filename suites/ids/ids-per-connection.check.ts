import fc from 'fast-check';
import { defineCheck } from '../../harness/runner/check.js';
import { checkProperty } from '../../harness/runner/property.js';
import { demand, show } from '../../harness/runner/violation.js';
import { isRateLimitReply } from '../../harness/protocol/error-codes.js';
import { sendWindow } from '../../harness/session/window.js';

export default defineCheck({
  id: 'ids.per-connection',
  suite: 'ids',
  level: 'MUST',
  title: 'ids are per connection: the same ids on two connections of one user are both processed',
  clause: 'Every event should have a unique (for that connection) positive integer ID.',
  source: 'https://api.slack.com/legacy/rtm#sending-messages',
  sends: 'the same run of ids (1, 2, …) on two connections of the same user, interleaved.',
  requires: 'each connection gets its own ok reply for each id, carrying its own text.',
  premises: ['hello', 'ok-reply'],
  needs: { tokens: 1, connections: 2, rtmConnects: 2 },
  async run(ctx) {
    const channel = ctx.channel!;
    return checkProperty(
      ctx,
      fc.integer({ min: 1, max: 8 }),
      async (n) => {
        // Fresh connections each run, so both start their ids at 1 and share them exactly.
        const a = await ctx.connect(0, 'a');
        const b = await ctx.connect(0, 'b');
        const hellos = await Promise.all([a, b].map((s) => ctx.awaitHello(s.socket)));
        demand(hellos.every(Boolean), 'hello on both connections', `hello on ${hellos.filter(Boolean).length} of 2`);
        const texts = Array.from({ length: n }, (_, i) => i);
        const [wa, wb] = await Promise.all([
          sendWindow(a.socket, texts.map((i) => ({ type: 'message', channel, text: `a-${i}` })), ctx.timeouts.replyMs, ctx.settleMs),
          sendWindow(b.socket, texts.map((i) => ({ type: 'message', channel, text: `b-${i}` })), ctx.timeouts.replyMs, ctx.settleMs),
        ]);
        a.socket.close();
        b.socket.close();
        for (const [name, w] of [['a', wa], ['b', wb]] as const) {
          demand(w.sent[0].id === 1, 'ids starting at 1 on each connection', `first id ${w.sent[0].id}`);
          demand(w.missing.length === 0, `a reply on connection ${name} to every id it sent`, () => `connection ${name}: no reply to id ${w.missing.join(', ')}`);
          for (const { id, frame } of w.sent) {
            const reply = w.replies.get(id)![0];
            // Processed means ok:true with this connection's own text; a rate-limit reply is legal and proves nothing.
            if (isRateLimitReply(reply)) continue;
            demand(reply.ok === true && reply.text === frame.text, `connection ${name}'s own text in its reply to id ${id}`, show(reply));
            ctx.saw('ok-reply');
          }
        }
      },
      { maxRuns: 3, held: 'both connections were answered for every shared id' },
    );
  },
});
