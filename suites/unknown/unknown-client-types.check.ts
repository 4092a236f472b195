import fc from 'fast-check';
import { defineCheck } from '../../harness/check/check.js';
import { checkProperty } from '../../harness/check/property.js';
import { demand } from '../../harness/check/violation.js';
import { REQUIRES } from '../../harness/protocol/requirements.js';
import { isRateLimited, shown, verifyErrorReply } from '../../harness/check/verify.js';

/** Type names no RTM server knows: generated, so no fixed list can be special-cased. */
const unknownType = fc.stringMatching(/^[a-z][a-z_]{2,24}$/).map((t) => `x_${t}`);
const extraFields = fc.dictionary(
  fc.stringMatching(/^[a-z][a-z0-9_]{0,10}$/).filter((k) => k !== 'id' && k !== 'type'),
  fc.oneof(fc.string({ maxLength: 20 }), fc.integer(), fc.boolean(), fc.constant(null), fc.object({ maxDepth: 2 })),
  { maxKeys: 4 },
);

export default defineCheck({
  id: 'unknown.client-type-tolerated',
  behaviours: [
    {
      says: 'New event types will be added in the future, clients should be able to handle unexpected event types.',
      requirement: REQUIRES.staysOpenAfterUnknown,
    },
  ],
  suite: 'unknown',
  level: 'MUST',
  title: 'frames of an unknown type get an error reply or nothing, never a close, however many',
  clause: 'New event types will be added in the future, clients should be able to handle unexpected event types.',
  source: 'https://api.slack.com/legacy/rtm#events',
  sends:
    'runs of frames with generated unknown types and flat or nested fields (at least one in each run), interleaved with messages.',
  requires:
    'no close; an unknown frame gets ok:false with error {code, msg} or no reply; the messages after them are still acked.',
  premises: ['hello', 'ok-reply'],
  exercises: 'unknown frames sent',
  needs: { tokens: 1, connections: 1, rtmConnects: 1 },
  async run(ctx) {
    const channel = ctx.channel!;
    const unknown = fc
      .tuple(unknownType, extraFields)
      .map(([type, extra]): Record<string, unknown> => ({ ...extra, type }));
    const frame = fc.oneof(
      { weight: 3, arbitrary: unknown },
      { weight: 1, arbitrary: fc.constant({ type: 'message', channel, text: 'after unknown frames' }) },
    );
    // At least one unknown frame in every run, anywhere among the others: a run of messages alone tests nothing.
    const runOfFrames = fc
      .tuple(unknown, fc.array(frame, { maxLength: 9 }), fc.nat())
      .map(([first, rest, at]) => [
        ...rest.slice(0, at % (rest.length + 1)),
        first,
        ...rest.slice(at % (rest.length + 1)),
      ]);
    return checkProperty(ctx, runOfFrames, async (frames) => {
      const { socket } = await ctx.shared(0);
      // A message last: the connection must still ack valid traffic after whatever came before.
      const all = [...frames, { type: 'message', channel, text: 'still acked' }];
      const w = await ctx.sendWindow(socket, all, (f) => f.type === 'message');
      demand(!w.closed, REQUIRES.staysOpenAfterUnknown, 'the target closed the connection');
      w.sent.forEach(({ id, frame: sent }) => {
        const reply = w.replies.get(id)?.[0];
        if (sent.type === 'message') {
          // Still processed, not merely answered: an ok:true ack (or a legal rate-limit reply).
          demand(
            reply?.raw.ok === true || (reply !== undefined && isRateLimited(reply)),
            REQUIRES.acksAfterUnknown,
            () => `message id ${id}: ${reply ? shown(reply) : 'no reply'}`,
          );
          if (reply?.raw.ok === true) ctx.saw('ok-reply');
        } else if (reply) {
          verifyErrorReply(reply, REQUIRES.unknownRefusedWellFormed);
        }
      });
      ctx.saw('unknown frames sent', frames.filter((f) => f.type !== 'message').length);
      await ctx.backoff(w.rateLimited);
    });
  },
});
