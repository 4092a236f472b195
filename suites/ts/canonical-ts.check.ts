import fc from 'fast-check';
import { defineCheck } from '../../harness/check/check.js';
import { checkProperty } from '../../harness/check/property.js';
import { shown } from '../../harness/check/verify.js';
import { demand } from '../../harness/check/violation.js';
import { REQUIRES } from '../../harness/protocol/requirements.js';

export default defineCheck({
  id: 'ts.ack-is-canonical',
  behaviours: [
    {
      says: 'In the case of a reply to a chat message, if successful, the reply will contain the canonical recorded timestamp of the message.',
      requirement: REQUIRES.ackTsCanonical,
    },
  ],
  suite: 'ts',
  level: 'MUST',
  title: "an ok:true reply's ts is the one other members receive with the message",
  clause:
    'In the case of a reply to a chat message, if successful, the reply will contain the canonical recorded timestamp of the message.',
  source: 'https://api.slack.com/legacy/rtm#handling-responses',
  sends: "windows of 1-5 messages from the first user; the second user's connection watches the channel.",
  requires:
    'the ts of each ok:true reply equals the ts of the message event the second user receives for that message.',
  premises: ['hello', 'ok-reply', 'broadcast'],
  exercises: 'ts compared with deliveries',
  needs: { tokens: 2, connections: 2, rtmConnects: 2 },
  async run(ctx) {
    const channel = ctx.channel!;
    return checkProperty(ctx, fc.tuple(fc.nat(), fc.integer({ min: 1, max: 5 })), async ([nonce, n]) => {
      const sender = await ctx.shared(0, 'sender');
      const watcher = await ctx.shared(1, 'watcher');
      const since = watcher.socket.position;
      // Plain texts, unique to this case: the event is matched to its message by text, with no URL formatting.
      const texts = Array.from({ length: n }, (_, i) => `canonical ${nonce} ${i}`);
      const w = await ctx.sendWindow(
        sender.socket,
        texts.map((text) => ({ type: 'message', channel, text })),
      );
      for (const { id, frame } of w.sent) {
        const ack = w.replies.get(id)?.[0];
        if (ack?.raw.ok !== true) continue;
        ctx.saw('ok-reply');
        const event = await watcher.socket.nextFrame(
          (f) => f.type === 'message' && f.text === frame.text,
          ctx.timeouts.replyMs,
          since,
        );
        // Delivery to other members is another clause's (typing, presence, the broadcast premise): no event, nothing to compare.
        if (typeof event !== 'object') continue;
        ctx.saw('broadcast');
        demand(
          event.ts === ack.raw.ts,
          REQUIRES.ackTsCanonical,
          () => `ack ${shown(ack)}, event ${JSON.stringify(event).slice(0, 200)}`,
        );
        ctx.saw('ts compared with deliveries');
      }
      await ctx.backoff(w.rateLimited);
    });
  },
});
