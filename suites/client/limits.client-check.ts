import { defineClientCheck } from '../../harness/check/check.js';
import { CLIENT_REQUIRES } from '../../harness/protocol/client-requirements.js';
import { MAX_MESSAGE_BYTES, MAX_TEXT_CHARACTERS, textCharacters } from '../../harness/protocol/frame-size.js';
import { demand } from '../../harness/check/violation.js';

const limitsClause =
  'The message server will disconnect any client that sends a message longer than 16 kilobytes. This includes all parts of the message, including JSON syntax, not just the message text. Clients should limit messages sent to channels to 4000 characters, which will always be under 16k bytes even with a message comprised solely of non-BMP Unicode characters at 4 bytes each. If the message is longer a client should prompt to split the message into multiple messages, create a snippet or create a post.';

/** Echo requests asked for at once by client.rate. */
const BURST = 30;

/** The first message that exceeds a bucket of 5 at once refilled at 2 per second (a second of slack), or -1. */
function firstExcess(sent: number[]): number {
  return sent.findIndex((t, i) => i + 1 > 5 + 1 + (2 * (t - sent[0])) / 1000);
}

export default [
  defineClientCheck({
    id: 'client.message-size',
    suite: 'client',
    level: 'SHOULD',
    order: 60,
    title: 'asked to echo a text far over 4000 characters, the client never sends a frame over 16 KB',
    clause: limitsClause,
    source: 'https://api.slack.com/legacy/rtm#limits',
    sends: 'an echo request of 5000 non-BMP characters (20 000 bytes of UTF-8), then an ordinary one.',
    requires:
      'no frame over 16 384 bytes; splitting into parts of at most 4000 characters, or refusing, are both fine (reported).',
    premises: ['client-connect', 'echo'],
    needs: { tokens: 1, connections: 1, rtmConnects: 1 },
    async run(ctx) {
      const long = '😀'.repeat(5000);
      const since = ctx.requestEcho(long);
      // Whatever it does with the long one, an ordinary request after it shows it is done and still working
      // (a client the server dropped for a big frame has to reconnect first: the wait allows for it).
      await ctx.sleep(500);
      const after = ctx.requestEcho('after the long one');
      const echo = await ctx.awaitEcho('after the long one', after, ctx.timeouts.echoMs + ctx.timeouts.connectMs);
      const frames = ctx.wire.framesSince(since).map((f) => f.frame);
      const biggest = Math.max(0, ...frames.map((f) => f.bytes));
      demand(biggest <= MAX_MESSAGE_BYTES, CLIENT_REQUIRES.noFrameOverLimit, `a frame of ${biggest} bytes`);
      demand(
        echo !== undefined,
        CLIENT_REQUIRES.echoAfterLongText,
        `no echo of "after the long one" within ${ctx.timeouts.echoMs + ctx.timeouts.connectMs} ms`,
      );
      const parts = frames
        .filter(
          (f) =>
            f.parsed?.type === 'message' && typeof f.parsed.text === 'string' && f.parsed.text !== 'after the long one',
        )
        .map((f) => f.parsed!.text as string);
      const joined = parts.join('');
      const over = parts.filter((p) => textCharacters(p) > MAX_TEXT_CHARACTERS).length;
      const what =
        parts.length === 0
          ? 'refused (sent nothing for it)'
          : joined === long
            ? `split into ${parts.length} messages`
            : `sent ${parts.length} message(s), not the whole text`;
      return {
        kind: 'held',
        message: `${what}; largest frame ${biggest} bytes${over ? `; ${over} part(s) over 4000 characters` : ''}`,
      };
    },
  }),
  defineClientCheck({
    id: 'client.rate',
    suite: 'client',
    level: 'SHOULD',
    order: 70,
    title: `asked for ${BURST} echoes at once, the client keeps near one message per second, or slows down when rate-limited`,
    clause:
      'Clients should not send more than one message per second sustained. If you do you may receive an error message or be disconnected.',
    source: 'https://api.slack.com/legacy/rtm#limits; https://api.slack.com/apis/rate-limits#rtm',
    sends: `${BURST} echo requests at once, while the server limits the client to 1 message/s with bursts of 5 (code -1 replies beyond).`,
    requires:
      'its messages stay within 5 at once and 2 per second after (1 msg/s with a margin), or, once over that pace (rate-limit replies come), it pauses at least 1 s and keeps within it again.',
    premises: ['client-connect', 'echo'],
    needs: { tokens: 1, connections: 1, rtmConnects: 1 },
    async run(ctx) {
      ctx.wire.limitRate({ perSecond: 1, burst: 5, disconnectAfter: Infinity });
      try {
        const since = ctx.now();
        for (let i = 0; i < BURST; i++) ctx.post(ctx.helper.channel, ctx.helper.user, `echo rate ${i}`);
        const window = Math.max(ctx.timeouts.echoMs, 1000 * (BURST + 5));
        await ctx.waitFor(() => (ctx.echoesOf(`rate ${BURST - 1}`, since).length ? true : undefined), window);
        const sent = ctx.wire
          .framesSince(since)
          .filter((f) => f.frame.parsed?.type === 'message')
          .map((f) => f.frame.at)
          .sort((a, b) => a - b);
        ctx.saw('echo', sent.length);
        demand(sent.length > 0, CLIENT_REQUIRES.echoesOfBurst, `no message within ${window} ms of ${BURST} requests`);
        const over = firstExcess(sent);
        const pause = over < 0 ? -1 : sent.findIndex((t, i) => i > over && t - sent[i - 1] >= 1000);
        const slowedDown = pause > 0 && firstExcess(sent.slice(pause)) < 0;
        const span = ((sent.at(-1)! - sent[0]) / 1000).toFixed(1);
        const seen = `${sent.length} messages in ${span} s: ${over < 0 ? 'within 5 at once and 2/s after' : slowedDown ? `over 5 + 2/s at message ${over + 1}, then a pause of ${((sent[pause] - sent[pause - 1]) / 1000).toFixed(1)} s and within it again` : `over 5 + 2/s from message ${over + 1} on, without slowing down`}`;
        demand(over < 0 || slowedDown, CLIENT_REQUIRES.rateWithinBucket, seen);
        return { kind: 'held', message: seen };
      } finally {
        ctx.wire.limitRate(false);
      }
    },
  }),
];
