import { defineCheck } from '../../harness/check/check.js';
import { demand } from '../../harness/check/violation.js';
import { describeAnswer } from '../../harness/check/server-context.js';
import { REQUIRES } from '../../harness/protocol/requirements.js';

export default defineCheck({
  id: 'url.single-use',
  suite: 'url',
  level: 'MUST',
  title: 'a used socket URL never gets hello again: while the first connection is open, racing it, or after it closed',
  clause:
    'The Websocket URLs provided by rtm.connect are single-use and are only valid for 30 seconds, so make sure to connect quickly.',
  source: 'https://api.slack.com/legacy/rtm#basics; https://api.slack.com/methods/rtm.connect',
  sends:
    'three rtm.connect URLs, each used twice: second use while the first is open, both at once, and after the first closed.',
  requires:
    'exactly one connection per URL gets hello; the other is refused at the upgrade or gets the code-1 error and a close within the close timeout.',
  behaviours: [
    { says: 'The Websocket URLs provided by rtm.connect are single-use', requirement: REQUIRES.oneHelloPerUrl },
    { says: 'are only valid for 30 seconds', notChecked: 'checked by url.expiry' },
    {
      says: 'so make sure to connect quickly.',
      notChecked: "a client's duty, graded in client mode (client.expired-url)",
    },
  ],
  premises: ['hello'],
  needs: { tokens: 1, connections: 6, rtmConnects: 3, channel: 'none' },
  async run(ctx) {
    const answer = (url: string, name: string) => ctx.answerTo(url, name);
    const judge = (scenario: string, answers: Awaited<ReturnType<typeof answer>>[]) => {
      const hellos = answers.filter((a) => a.kind === 'hello').length;
      demand(hellos <= 1, REQUIRES.oneHelloPerUrl, `${scenario}: ${hellos} connections got hello`);
      for (const a of answers) {
        if (a.kind === 'hello') continue;
        demand(
          a.kind === 'rejected-at-handshake' || a.kind === 'error-then-close',
          REQUIRES.usedUrlRefused,
          `${scenario}: ${describeAnswer(a)}`,
        );
        ctx.saw('reuses refused');
      }
    };

    // A refusal only means something for a URL that works on its first use.
    const open = await ctx.connect(0, 'first');
    demand(await ctx.awaitHello(open.socket), REQUIRES.helloOnFreshConnection, 'no hello on the first use');
    judge('while the first is open', [await answer(open.connect.url, 'second')]);

    const race = await ctx.rtmConnect(0);
    const racing = await Promise.all([answer(race.url, 'race-a'), answer(race.url, 'race-b')]);
    demand(
      racing.some((a) => a.kind === 'hello'),
      REQUIRES.raceHasWinner,
      racing.map(describeAnswer).join('; '),
    );
    judge('racing', racing);

    const closed = await ctx.connect(0, 'first-closed');
    demand(await ctx.awaitHello(closed.socket), REQUIRES.helloOnFreshConnection, 'no hello on the first use');
    closed.socket.close();
    await closed.socket.waitClosed(ctx.timeouts.closeMs);
    judge('after the first closed', [await answer(closed.connect.url, 'after-close')]);
    return { kind: 'held', message: 'refused in all three scenarios' };
  },
});
