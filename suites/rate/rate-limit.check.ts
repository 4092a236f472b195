import { defineCheck } from '../../harness/check/check.js';
import { demand, show } from '../../harness/check/violation.js';
import { isRateLimitReply } from '../../harness/protocol/error-codes.js';
import { REQUIRES } from '../../harness/protocol/requirements.js';

const clause =
  'Clients should not send more than one message per second sustained. If you do you may receive an error message or be disconnected.';
const source = 'https://api.slack.com/legacy/rtm#limits; https://api.slack.com/apis/rate-limits#rtm';
/** Bounded: 40 messages in one burst, far over 1 msg/s, once. */
const BURST = 40;

export default [
  defineCheck({
    id: 'rate.reply-shape',
    suite: 'rate',
    level: 'MUST',
    title: 'a rate-limit reply, when one comes, is {ok:false, reply_to, error {code: -1, msg}}',
    clause,
    source,
    sends: `${BURST} messages at once on one connection (once).`,
    requires:
      'every reply that is not ok:true and says it is rate limiting (code -1, or "ratelimited"/"slow down" in it) has ok:false, an integer reply_to naming the message, and error {code: -1, msg: string}.',
    // A burst that got no reply at all says nothing about rate limiting: 'reply' comes before 'rate-limit'.
    behaviours: [
      {
        says: 'Clients should not send more than one message per second sustained.',
        notChecked: "a client's duty, graded in client mode (client.rate)",
      },
      { says: 'If you do you may receive an error message or be disconnected.', requirement: REQUIRES.rateLimitShape },
    ],
    premises: ['hello', 'reply', 'rate-limit'],
    needs: { tokens: 1, connections: 1, rtmConnects: 1 },
    async run(ctx) {
      const { socket } = await ctx.connect(0, 'burst');
      demand(await ctx.awaitHello(socket), REQUIRES.helloOnFreshConnection, 'no hello before the burst');
      const since = socket.position;
      const frames = Array.from({ length: BURST }, (_, i) => ({
        type: 'message',
        channel: ctx.channel,
        text: `burst ${i}`,
      }));
      const w = await ctx.sendWindow(socket, frames);
      const sentIds = new Set(w.sent.map((s) => s.id));
      ctx.saw('reply', w.replies.size);
      const looksLimited = (f: Record<string, unknown>) =>
        f.ok !== true && /rate|slow down/i.test(JSON.stringify(f)) && f.type !== 'message';
      const limited = socket.framesSince(since).filter(looksLimited);
      for (const f of limited) {
        demand(
          isRateLimitReply(f) && typeof (f.error as { msg?: unknown }).msg === 'string',
          REQUIRES.rateLimitShape,
          show(f),
        );
        demand(typeof f.reply_to === 'number' && sentIds.has(f.reply_to), REQUIRES.rateLimitReplyTo, show(f));
        ctx.saw('rate-limit');
      }
      socket.close();
      await ctx.backoff(limited.length > 0 ? 3 : 0);
      // No rate-limit reply at all leaves the premise unmet: the runner makes that a skip, saying how to provoke one.
      return { kind: 'held', message: `${BURST} messages at once: every rate-limit reply well formed` };
    },
  }),
  defineCheck({
    id: 'rate.sustained-sending',
    suite: 'rate',
    level: 'INFO',
    title: 'what the target does under sustained sending over 1 message per second',
    clause,
    source,
    sends: `${BURST} messages at once on one connection (once).`,
    requires: 'nothing: acked, rate-limited and disconnect counts are recorded.',
    premises: ['hello'],
    needs: { tokens: 1, connections: 1, rtmConnects: 1 },
    async run(ctx) {
      const { socket } = await ctx.connect(0, 'sustained');
      demand(await ctx.awaitHello(socket), REQUIRES.helloOnFreshConnection, 'no hello before the burst');
      const frames = Array.from({ length: BURST }, (_, i) => ({
        type: 'message',
        channel: ctx.channel,
        text: `sustained ${i}`,
      }));
      const w = await ctx.sendWindow(socket, frames);
      const acked = w.sent.filter((s) => w.replies.get(s.id)?.[0]?.raw.ok === true).length;
      socket.close();
      await ctx.backoff(w.rateLimited > 0 ? 3 : 0);
      return {
        kind: 'observed',
        message: `${BURST} at once: ${acked} acked, ${w.rateLimited} rate-limited, ${w.missing.length} unanswered${w.closed ? ', then disconnected' : ''}`,
      };
    },
  }),
];
