import fc from 'fast-check';
import { defineCheck } from '../../harness/check/check.js';
import { checkProperty } from '../../harness/check/property.js';
import { demand, show } from '../../harness/check/violation.js';
import { REQUIRES } from '../../harness/protocol/requirements.js';
import { shown } from '../../harness/check/verify.js';

export default defineCheck({
  id: 'ids.replies-name-sent-ids',
  behaviours: [
    {
      says: 'All replies to that message will include this ID allowing the client to correlate responses with the messages sent',
      requirement: REQUIRES.exactlyOneReply,
    },
    {
      says: 'All replies to that message will include this ID allowing the client to correlate responses with the messages sent',
      requirement: REQUIRES.everyIdAnswered,
    },
  ],
  suite: 'ids',
  level: 'MUST',
  title: 'every id sent on a connection is answered exactly once, and no reply names an id that was not sent',
  clause:
    'All replies to that message will include this ID allowing the client to correlate responses with the messages sent',
  source: 'https://api.slack.com/legacy/rtm#sending-messages',
  sends: 'pipelined windows of messages and pings on one connection.',
  requires: 'every reply_to is an id sent on that connection, and each id is answered once.',
  premises: ['hello', 'reply'],
  needs: { tokens: 1, connections: 1, rtmConnects: 1 },
  async run(ctx) {
    const channel = ctx.channel!;
    const frame = fc.oneof(
      fc
        .string({ minLength: 1, maxLength: 20 })
        .filter((t) => t.trim() !== '')
        .map((text) => ({ type: 'message', channel, text })),
      fc.constant({ type: 'ping' }),
    );
    return checkProperty(ctx, fc.array(frame, { minLength: 1, maxLength: 16 }), async (frames) => {
      const { socket } = await ctx.shared(0);
      const w = await ctx.sendWindow(socket, frames);
      demand(
        w.strays.length === 0,
        REQUIRES.noStrayReplies,
        () =>
          `reply_to ${show(w.strays[0].raw.reply_to)} in ${shown(w.strays[0])}; sent ${w.sent[0].id}-${w.sent.at(-1)!.id}`,
      );
      // An id that got no answer at all is as much a violation as one answered twice: each is answered once.
      demand(
        w.missing.length === 0,
        REQUIRES.everyIdAnswered,
        () =>
          `no reply to id ${w.missing.join(', ')} within ${ctx.timeouts.replyMs} ms${w.closed ? ' (the connection closed)' : ''}`,
      );
      for (const [id, replies] of w.replies)
        demand(
          replies.length === 1,
          REQUIRES.exactlyOneReply,
          () => `${replies.length} replies to id ${id}: ${replies.map((r) => shown(r, 100)).join(' ')}`,
        );
      ctx.saw('reply', w.replies.size);
      await ctx.backoff(w.rateLimited);
    });
  },
});
