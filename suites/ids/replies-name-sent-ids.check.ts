import fc from 'fast-check';
import { defineCheck } from '../../harness/runner/check.js';
import { checkProperty } from '../../harness/runner/property.js';
import { demand, show } from '../../harness/runner/violation.js';
import { sendWindow } from '../../harness/session/window.js';

export default defineCheck({
  id: 'ids.replies-name-sent-ids',
  suite: 'ids',
  level: 'MUST',
  title: 'no reply names an id that was not sent on its connection, and no id is answered twice',
  clause: 'All replies to that message will include this ID allowing the client to correlate responses with the messages sent',
  source: 'https://api.slack.com/legacy/rtm#sending-messages',
  sends: 'pipelined windows of messages and pings on one connection.',
  requires: 'every reply_to is an id sent on that connection, and each id is answered once.',
  premises: ['hello', 'reply'],
  needs: { tokens: 1, connections: 1, rtmConnects: 1 },
  async run(ctx) {
    const channel = ctx.channel!;
    const frame = fc.oneof(
      fc.string({ minLength: 1, maxLength: 20 }).filter((t) => t.trim() !== '').map((text) => ({ type: 'message', channel, text })),
      fc.constant({ type: 'ping' }),
    );
    return checkProperty(ctx, fc.array(frame, { minLength: 1, maxLength: 16 }), async (frames) => {
      const { socket } = await ctx.shared(0);
      const w = await sendWindow(socket, frames, ctx.timeouts.replyMs, ctx.settleMs);
      demand(w.strays.length === 0, 'replies only to ids sent in this window', () => `reply_to ${show(w.strays[0].reply_to)} in ${show(w.strays[0])}; sent ${w.sent[0].id}-${w.sent.at(-1)!.id}`);
      for (const [id, replies] of w.replies) demand(replies.length === 1, `one reply to id ${id}`, () => `${replies.length}: ${replies.map((r) => show(r, 100)).join(' ')}`);
      ctx.saw('reply', w.replies.size);
      await ctx.backoff(w.rateLimited);
    });
  },
});
