import fc from 'fast-check';
import { defineCheck } from '../../harness/check/check.js';
import { checkProperty } from '../../harness/check/property.js';
import { messageText } from '../../harness/check/texts.js';
import { demand } from '../../harness/check/violation.js';
import { REQUIRES } from '../../harness/protocol/requirements.js';
import { verifyAck, verifyErrorReply, verifyReply, isRateLimited, shown } from '../../harness/check/verify.js';

export default defineCheck({
  id: 'reply.correlates',
  behaviours: [
    {
      says: 'All replies to that message will include this ID allowing the client to correlate responses with the messages sent',
      requirement: REQUIRES.noStrayReplies,
    },
    {
      says: 'replies may be "out of order" due to the asynchronous nature of the message servers.',
      allows: 'reorder-acks',
    },
    {
      says: 'Replies to messages sent by clients will always contain two properties: a boolean ok indicating whether they succeeded and an integer reply_to indicating which message they are in response to.',
      requirement: REQUIRES.booleanOk,
    },
    {
      says: 'Replies to messages sent by clients will always contain two properties: a boolean ok indicating whether they succeeded and an integer reply_to indicating which message they are in response to.',
      requirement: REQUIRES.replyToEveryMessage,
    },
    {
      says: 'Replies to messages sent by clients will always contain two properties: a boolean ok indicating whether they succeeded and an integer reply_to indicating which message they are in response to.',
      requirement: REQUIRES.exactlyOneReply,
    },
  ],
  suite: 'reply',
  level: 'MUST',
  title: 'every message gets exactly one reply, matched by an integer reply_to, in any order',
  clause:
    'All replies to that message will include this ID allowing the client to correlate responses with the messages sent; replies may be "out of order" due to the asynchronous nature of the message servers. [...] Replies to messages sent by clients will always contain two properties: a boolean ok indicating whether they succeeded and an integer reply_to indicating which message they are in response to.',
  source: 'https://api.slack.com/legacy/rtm#sending-messages; https://api.slack.com/legacy/rtm#handling-responses',
  sends: 'windows of 1-20 pipelined messages with generated texts (unicode, emoji, URLs, quotes) to the channel.',
  requires:
    'one reply per message within the timeout, any order; boolean ok; ok:true carries a string ts and the text (up to URL formatting); ok:false carries error {code, msg}; a rate-limit reply counts as the reply.',
  premises: ['hello', 'reply', 'ok-reply', 'ts'],
  // Every message it sends is valid: a target that processes none of them is broken, not untestable.
  otherwise: { 'ok-reply': 'fail' },
  needs: { tokens: 1, connections: 1, rtmConnects: 1 },
  async run(ctx) {
    const channel = ctx.channel!;
    return checkProperty(ctx, fc.array(messageText, { minLength: 1, maxLength: 20 }), async (texts) => {
      const { socket } = await ctx.shared(0);
      const w = await ctx.sendWindow(
        socket,
        texts.map((text) => ({ type: 'message', channel, text })),
      );
      demand(
        w.strays.length === 0,
        REQUIRES.noStrayReplies,
        () => `reply ${shown(w.strays[0])} (sent ids ${w.sent[0].id}-${w.sent.at(-1)!.id})`,
      );
      demand(
        w.missing.length === 0,
        REQUIRES.replyToEveryMessage,
        () =>
          `no reply to id${w.missing.length > 1 ? 's' : ''} ${w.missing.join(', ')} within ${ctx.timeouts.replyMs} ms${w.closed ? ' (the connection closed)' : ''}`,
      );
      for (const { id, frame } of w.sent) {
        const replies = w.replies.get(id)!;
        demand(
          replies.length === 1,
          REQUIRES.exactlyOneReply,
          () => `${replies.length} replies to id ${id}: ${replies.map((r) => shown(r, 120)).join(' ')}`,
        );
        const reply = replies[0];
        const kind = verifyReply(reply, id);
        ctx.saw('reply');
        if (isRateLimited(reply)) continue;
        if (kind === 'ack') {
          ctx.saw('ok-reply');
          verifyAck(reply, frame.text as string);
          ctx.saw('ts');
          ctx.saw('texts compared');
        } else {
          verifyErrorReply(reply);
        }
      }
      await ctx.backoff(w.rateLimited);
    });
  },
});
