import fc from 'fast-check';
import { defineClientCheck } from '../../harness/check/check.js';
import { CLIENT_REQUIRES } from '../../harness/protocol/client-requirements.js';
import { messageText } from '../../harness/check/texts.js';
import { ClauseViolation, demand, show } from '../../harness/check/violation.js';

/** Texts people send, plus mentions and line breaks: whatever follows "echo " must come back as is. */
const echoText = fc.oneof(
  messageText,
  fc.tuple(messageText, fc.stringMatching(/^U[A-Z0-9]{8}$/)).map(([t, u]) => `${t} <@${u}>`),
  fc.tuple(messageText, messageText).map(([a, b]) => `${a}\n${b}`),
);

export default defineClientCheck({
  id: 'client.echo',
  suite: 'client',
  level: 'MUST',
  order: 20,
  title: 'generated echo requests come back exactly, each once, in the channel they came from',
  clause:
    'Every event should have a unique (for that connection) positive integer ID. [...] { "id": 1, "type": "message", "channel": "C024BE91L", "text": "Hello world" }',
  source: 'https://api.slack.com/legacy/rtm#sending-messages',
  sends: 'echo requests with generated texts (unicode, emoji, quotes, newlines, <@U…> mentions, URLs), one at a time.',
  requires: 'for each, one RTM message with type "message", the same channel, and exactly the text after "echo ".',
  premises: ['client-connect', 'echo'],
  needs: { tokens: 1, connections: 1, rtmConnects: 1, echoContract: true },
  async run(ctx) {
    const details = await fc.check(
      fc.asyncProperty(echoText, async (text) => {
        const since = ctx.requestEcho(text);
        const echo = await ctx.awaitEcho(text, since);
        demand(echo !== undefined, CLIENT_REQUIRES.echoWithinTimeout, () => {
          const sent = ctx.wire.framesSince(since).map((f) => f.frame.text);
          return `no echo of ${show(text, 80)} within ${ctx.timeouts.echoMs} ms: ${sent.length ? `the client sent ${sent.map((s) => show(s, 120)).join(' ')}` : 'the client sent nothing'}`;
        });
        demand(
          echo.frame.parsed!.channel === ctx.helper.channel,
          CLIENT_REQUIRES.echoInSameChannel,
          `asked in ${ctx.helper.channel}, echoed ${show(echo.frame.parsed)}`,
        );
        await ctx.sleep(100);
        const all = ctx.echoesOf(text, since);
        demand(all.length === 1, CLIENT_REQUIRES.oneEchoPerRequest, `${all.length} echoes of ${show(text, 80)}`);
        ctx.saw('texts compared');
      }),
      // Every case waits on the client: no shrinking, the first failure is the evidence.
      { seed: ctx.seed, numRuns: ctx.runs, endOnFailure: true },
    );
    if (!details.failed)
      return { kind: 'held', message: `${details.numRuns} generated texts echoed exactly, once each` };
    const err = details.errorInstance;
    if (!(err instanceof ClauseViolation)) throw err instanceof Error ? err : new Error(String(err));
    return {
      kind: 'broken',
      message: err.message,
      expected: err.expected,
      actual: err.actual,
      counterexample: fc.stringify(details.counterexample?.[0]),
    };
  },
});
