import { type Finding, defineClientCheck } from '../../harness/check/check.js';
import type { ClientContext } from '../../harness/check/client-context.js';
import { isSpoken } from '../../harness/check/keeps-serving.js';
import { demand } from '../../harness/check/violation.js';
import {
  BURST_MESSAGES,
  PACE_SLACK_MS,
  SUSTAINED_PER_SECOND,
  busiestWindow,
  describeWindow,
  withinPace,
} from '../../harness/protocol/client-pace.js';
import { CLIENT_REQUIRES } from '../../harness/protocol/client-requirements.js';
import { MAX_MESSAGE_BYTES, MAX_TEXT_CHARACTERS, textCharacters } from '../../harness/protocol/frame-size.js';

const limitsClause =
  'The message server will disconnect any client that sends a message longer than 16 kilobytes. This includes all parts of the message, including JSON syntax, not just the message text. Clients should limit messages sent to channels to 4000 characters, which will always be under 16k bytes even with a message comprised solely of non-BMP Unicode characters at 4 bytes each. If the message is longer a client should prompt to split the message into multiple messages, create a snippet or create a post.';

/** Echo requests asked for at once by client.rate: at 1/s after a burst of 5, 15 s of the client's pacing. */
const REQUESTS = 20;
/** The text client.message-size asks for: 5000 characters of 4 bytes, over both limits when sent whole. */
const LONG_TEXT = '😀'.repeat(5000);

/** What the client did with the long text, for the result: refused, sent whole, split (part sizes), or cut. */
function handling(parts: string[]): string {
  const sizes = parts.map(textCharacters).join(', ');
  if (parts.length === 0) return 'refused (sent nothing for it)';
  if (parts.join('') !== LONG_TEXT) return `sent ${parts.length} message(s) of ${sizes} characters, not the whole text`;
  return parts.length === 1
    ? 'sent whole, 5000 characters'
    : `split into ${parts.length} messages of ${sizes} characters`;
}

/** Triggers client.rate posts at once in the lifecycle profile: 8 answered at once is over a burst of 5 + 0.5 s. */
const TRIGGERS_AT_ONCE = 8;

/** Why a lifecycle check that needs the bot to speak has nothing to judge. */
function unspoken(ctx: ClientContext, what: string): Finding {
  const how = ctx.triggers.length
    ? `the ${ctx.triggers.length} --trigger text(s) did not make it`
    : 'no --trigger was given to make it speak';
  return { kind: 'skipped', reason: `${what}: ${how}` };
}

/**
 * client.message-size for any bot (--profile lifecycle): each --trigger posted once, then every frame the client
 * sent in the run so far measured (whatever it sends, not an answer it was asked for).
 */
async function sizesOfAnyBot(ctx: ClientContext): Promise<Finding> {
  const since = ctx.now();
  for (const t of ctx.triggers) ctx.post(ctx.helper.channel, ctx.helper.user, t);
  const spoken = () => ctx.wire.framesSince(since).filter((e) => isSpoken(e.frame)).length;
  if (ctx.triggers.length) {
    await ctx.waitFor(() => (spoken() >= ctx.triggers.length ? true : undefined), ctx.timeouts.echoMs);
    // Parts of a split answer follow the first at once; a paced bot's within its second.
    await ctx.sleep(1000);
  }
  const frames = ctx.wire.connections.flatMap((c) => c.frames);
  const texts = frames.map((f) => f.parsed?.text).filter((t): t is string => typeof t === 'string' && t.length > 0);
  if (texts.length === 0)
    return unspoken(ctx, `no message text among the ${frames.length} frame(s) the client sent in the run`);
  const biggest = Math.max(...frames.map((f) => f.bytes));
  const longest = Math.max(...texts.map(textCharacters));
  const seen = `${frames.length} frames, the largest ${biggest} bytes; ${texts.length} texts, the longest ${longest} characters`;
  demand(biggest <= MAX_MESSAGE_BYTES, CLIENT_REQUIRES.noFrameOverLimit, seen);
  demand(longest <= MAX_TEXT_CHARACTERS, CLIENT_REQUIRES.textWithinCharacters, seen);
  ctx.saw('frames measured', frames.length);
  ctx.saw('texts measured', texts.length);
  return { kind: 'held', message: seen };
}

/**
 * client.rate for any bot (--profile lifecycle): TRIGGERS_AT_ONCE --trigger posts at once (round robin), and every
 * frame but a ping the client sends after them timed, until a window is over the pace or the bot falls quiet.
 */
async function paceOfAnyBot(ctx: ClientContext): Promise<Finding> {
  if (ctx.triggers.length === 0) return unspoken(ctx, 'no frame to time');
  const since = ctx.now();
  for (let i = 0; i < TRIGGERS_AT_ONCE; i++)
    ctx.post(ctx.helper.channel, ctx.helper.user, ctx.triggers[i % ctx.triggers.length]);
  const times = () =>
    ctx.wire
      .framesSince(since)
      .filter((e) => isSpoken(e.frame))
      .map((e) => e.frame.at)
      .sort((a, b) => a - b)
      .slice(0, 2 * TRIGGERS_AT_ONCE);
  // Quiet: past a second and a half since its last frame, once it answered every trigger (1/s is due within 1 s).
  const over = await ctx.waitFor(
    () => {
      const sent = times();
      const busiest = busiestWindow(sent);
      if (busiest && !withinPace(busiest)) return 'over';
      return sent.length >= TRIGGERS_AT_ONCE && ctx.now() - sent.at(-1)! > 1500 ? 'quiet' : undefined;
    },
    ctx.timeouts.echoMs + (1000 * TRIGGERS_AT_ONCE) / SUSTAINED_PER_SECOND,
  );
  if (over === 'over') await ctx.sleep(1000);
  const sent = times();
  if (sent.length < 2)
    return unspoken(ctx, `${sent.length} frame(s) but pings after ${TRIGGERS_AT_ONCE} triggers, too few for a pace`);
  const busiest = busiestWindow(sent)!;
  const seen = `${paceOf(sent)} after ${TRIGGERS_AT_ONCE} triggers; busiest window ${describeWindow(busiest)}`;
  ctx.saw('frames timed', sent.length);
  demand(withinPace(busiest), CLIENT_REQUIRES.rateBurstThenOnePerSecond, seen);
  return { kind: 'held', message: seen };
}

/** "20 messages in 15.0 s, 1.0/s after the first 5". */
function paceOf(sent: number[]): string {
  const span = `${sent.length} messages in ${((sent.at(-1)! - sent[0]) / 1000).toFixed(1)} s`;
  if (sent.length <= BURST_MESSAGES) return span;
  const afterMs = sent.at(-1)! - sent[BURST_MESSAGES - 1];
  // Under 50 ms is one burst, whatever a rate over it would compute to.
  const rate = afterMs >= 50 ? `${((1000 * (sent.length - BURST_MESSAGES)) / afterMs).toFixed(1)}/s` : 'all at once';
  return `${span}, ${rate} after the first ${BURST_MESSAGES}`;
}

export default [
  defineClientCheck({
    id: 'client.message-size',
    suite: 'client',
    level: 'SHOULD',
    order: 60,
    title:
      'asked to echo a text far over 4000 characters, the client sends no message text over 4000 characters and no frame over 16 KB',
    clause: limitsClause,
    source: 'https://api.slack.com/legacy/rtm#limits',
    sends: 'an echo request of 5000 non-BMP characters (20 000 bytes of UTF-8), then an ordinary one.',
    lifecycle: {
      sends: 'each --trigger once; then every frame the client sent in the run so far is measured (none: a skip).',
    },
    requires: `no frame over ${MAX_MESSAGE_BYTES} bytes, and no message text over ${MAX_TEXT_CHARACTERS} characters (code points, as the page counts them: 4000 of 4 bytes fit 16k), whole or in any part of a split; splitting or refusing are both fine (reported).`,
    premises: ['client-connect', 'echo'],
    needs: { tokens: 1, connections: 1, rtmConnects: 1 },
    async run(ctx) {
      if (ctx.profile === 'lifecycle') return sizesOfAnyBot(ctx);
      const since = ctx.requestEcho(LONG_TEXT);
      // Whatever it does with the long one, an ordinary request after it shows it is done and still working
      // (a client the server dropped for a big frame has to reconnect first: the wait allows for it).
      await ctx.sleep(500);
      const after = ctx.requestEcho('after the long one');
      const waitMs = ctx.timeouts.echoMs + ctx.timeouts.reconnectMs;
      const echo = await ctx.awaitEcho('after the long one', after, waitMs);
      const frames = ctx.wire.framesSince(since).map((f) => f.frame);
      const biggest = Math.max(0, ...frames.map((f) => f.bytes));
      const parts = frames
        .map((f) => (f.parsed?.type === 'message' ? f.parsed.text : undefined))
        .filter((t): t is string => typeof t === 'string' && t !== 'after the long one');
      const longest = Math.max(0, ...parts.map(textCharacters));
      const what = handling(parts);
      // The frame limit first: the server disconnects for it, while the text limit is the page's advice.
      demand(biggest <= MAX_MESSAGE_BYTES, CLIENT_REQUIRES.noFrameOverLimit, `a frame of ${biggest} bytes: ${what}`);
      demand(
        longest <= MAX_TEXT_CHARACTERS,
        CLIENT_REQUIRES.textWithinCharacters,
        `a message text of ${longest} characters: ${what}`,
      );
      demand(
        echo !== undefined,
        CLIENT_REQUIRES.echoAfterLongText,
        `no echo of "after the long one" within ${waitMs} ms`,
      );
      ctx.saw('texts measured', parts.length);
      return { kind: 'held', message: `${what}; largest frame ${biggest} bytes` };
    },
  }),
  defineClientCheck({
    id: 'client.rate',
    suite: 'client',
    level: 'SHOULD',
    order: 70,
    title: `asked for ${REQUESTS} echoes at once, the client sends a burst of at most ${BURST_MESSAGES}, then no more than ${SUSTAINED_PER_SECOND} message per second`,
    clause:
      'Clients should not send more than one message per second sustained. If you do you may receive an error message or be disconnected.',
    source: 'https://api.slack.com/legacy/rtm#limits; https://api.slack.com/apis/rate-limits#rtm',
    lifecycle: {
      sends: `${TRIGGERS_AT_ONCE} --trigger messages at once (round robin), while the server limits the client to ${SUSTAINED_PER_SECOND} message/s with bursts of ${BURST_MESSAGES}; every frame but a ping that follows is timed (none: a skip).`,
    },
    sends: `${REQUESTS} echo requests at once, while the server limits the client to ${SUSTAINED_PER_SECOND} message/s with bursts of ${BURST_MESSAGES} (code -1 replies beyond).`,
    requires: `a burst of at most ${BURST_MESSAGES} messages, then ${SUSTAINED_PER_SECOND} per second sustained: every window from one of its messages to a later one, T seconds apart, holds at most ${BURST_MESSAGES} + T messages (${PACE_SLACK_MS / 1000} s allowed for timing); rate-limit replies do not excuse a faster pace.`,
    premises: ['client-connect', 'echo'],
    needs: { tokens: 1, connections: 1, rtmConnects: 1 },
    async run(ctx) {
      ctx.wire.limitRate({ perSecond: SUSTAINED_PER_SECOND, burst: BURST_MESSAGES, disconnectAfter: Infinity });
      try {
        if (ctx.profile === 'lifecycle') return await paceOfAnyBot(ctx);
        const since = ctx.now();
        for (let i = 0; i < REQUESTS; i++) ctx.post(ctx.helper.channel, ctx.helper.user, `echo rate ${i}`);
        // Bounded, for a client that floods: the busiest window of twice the requests says all there is to say.
        const sentTimes = () =>
          ctx.wire
            .framesSince(since)
            .filter((f) => f.frame.parsed?.type === 'message')
            .map((f) => f.frame.at)
            .sort((a, b) => a - b)
            .slice(0, 2 * REQUESTS);
        // Every request at the page's pace, for a client whose burst earlier checks used up, and the echo timeout.
        const windowMs = ctx.timeouts.echoMs + (1000 * REQUESTS) / SUSTAINED_PER_SECOND;
        // Done when every request is answered, or once a window is over (no later message can undo that; a second
        // more shows what the client sends along with it, for the report).
        const over = await ctx.waitFor(() => {
          const sent = sentTimes();
          const busiest = busiestWindow(sent);
          return sent.length >= REQUESTS ? 'done' : busiest && !withinPace(busiest) ? 'over' : undefined;
        }, windowMs);
        if (over === 'over') await ctx.sleep(1000);
        const sent = sentTimes();
        ctx.saw('echo', sent.length);
        demand(
          sent.length > 0,
          CLIENT_REQUIRES.echoesOfBurst,
          `no message within ${windowMs} ms of ${REQUESTS} requests`,
        );
        const busiest = busiestWindow(sent)!;
        const seen = `${paceOf(sent)}; busiest window ${describeWindow(busiest)}`;
        demand(withinPace(busiest), CLIENT_REQUIRES.rateBurstThenOnePerSecond, seen);
        return { kind: 'held', message: seen };
      } finally {
        ctx.wire.limitRate(false);
      }
    },
  }),
];
