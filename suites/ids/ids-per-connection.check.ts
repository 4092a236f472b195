import fc from 'fast-check';
import { defineCheck } from '../../harness/check/check.js';
import { checkProperty } from '../../harness/check/property.js';
import { demand } from '../../harness/check/violation.js';
import { REQUIRES } from '../../harness/protocol/requirements.js';
import { isRateLimited, shown } from '../../harness/check/verify.js';

export default defineCheck({
  id: 'ids.per-connection',
  behaviours: [
    {
      says: 'Every event should have a unique (for that connection) positive integer ID.',
      requirement: REQUIRES.ownTextPerConnection,
    },
  ],
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
        demand(
          hellos.every(Boolean),
          REQUIRES.helloOnFreshConnection,
          `hello on ${hellos.filter(Boolean).length} of 2 connections`,
        );
        const texts = Array.from({ length: n }, (_, i) => i);
        const [wa, wb] = await Promise.all([
          ctx.sendWindow(
            a.socket,
            texts.map((i) => ({ type: 'message', channel, text: `a-${i}` })),
          ),
          ctx.sendWindow(
            b.socket,
            texts.map((i) => ({ type: 'message', channel, text: `b-${i}` })),
          ),
        ]);
        a.socket.close();
        b.socket.close();
        for (const [name, w] of [
          ['a', wa],
          ['b', wb],
        ] as const) {
          demand(w.sent[0].id === 1, REQUIRES.idsStartAtOne, `first id ${w.sent[0].id} on connection ${name}`);
          demand(
            w.missing.length === 0,
            REQUIRES.replyOnEachConnection,
            () => `connection ${name}: no reply to id ${w.missing.join(', ')}`,
          );
          for (const { id, frame } of w.sent) {
            const reply = w.replies.get(id)![0];
            // Processed means ok:true with this connection's own text; a rate-limit reply is legal and proves nothing.
            if (isRateLimited(reply)) continue;
            demand(
              reply.raw.ok === true && reply.raw.text === frame.text,
              REQUIRES.ownTextPerConnection,
              `connection ${name}, id ${id}: ${shown(reply)}`,
            );
            ctx.saw('ok-reply');
          }
        }
      },
      { maxRuns: 3, held: 'both connections were answered for every shared id' },
    );
  },
});
