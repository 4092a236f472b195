import fc from 'fast-check';
import { defineCheck } from '../../harness/runner/check.js';
import { checkProperty } from '../../harness/runner/property.js';
import { messageText } from '../../harness/runner/texts.js';
import { demand, show } from '../../harness/runner/violation.js';
import { isRateLimitReply } from '../../harness/protocol/error-codes.js';
import { isTs } from '../../harness/protocol/ts.js';
import { sameTextUpToUrlDetection } from '../../harness/protocol/url-formatting.js';
import { sendWindow } from '../../harness/session/window.js';

export default defineCheck({
  id: 'reply.correlates',
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
      const w = await sendWindow(socket, texts.map((text) => ({ type: 'message', channel, text })), ctx.timeouts.replyMs, ctx.settleMs);
      demand(w.strays.length === 0, 'no reply naming an id that was not sent', () => `reply ${show(w.strays[0])} (sent ids ${w.sent[0].id}-${w.sent.at(-1)!.id})`);
      demand(w.missing.length === 0, `a reply to every message within ${ctx.timeouts.replyMs} ms`, () => `no reply to id${w.missing.length > 1 ? 's' : ''} ${w.missing.join(', ')}${w.closed ? ' (the connection closed)' : ''}`);
      for (const { id, frame } of w.sent) {
        const replies = w.replies.get(id)!;
        demand(replies.length === 1, `exactly one reply to id ${id}`, () => `${replies.length} replies: ${replies.map((r) => show(r, 120)).join(' ')}`);
        const reply = replies[0];
        demand(typeof reply.ok === 'boolean', `a boolean ok in the reply to id ${id}`, show(reply));
        ctx.saw('reply');
        if (isRateLimitReply(reply)) continue;
        if (reply.ok) {
          ctx.saw('ok-reply');
          demand(isTs(reply.ts), 'ok:true with a string ts', show(reply));
          ctx.saw('ts');
          const sameText = typeof reply.text === 'string' && sameTextUpToUrlDetection(frame.text as string, reply.text);
          demand(sameText, `text ${show(frame.text)} (up to URL detection)`, `text ${show(reply.text)} in ${show(reply)}`);
          ctx.saw('texts compared');
        } else {
          const error = reply.error as Record<string, unknown> | undefined;
          demand(typeof error?.code === 'number' && typeof error.msg === 'string', 'ok:false with error {code: number, msg: string}', show(reply));
        }
      }
      await ctx.backoff(w.rateLimited);
    });
  },
});
