import { defineClientCheck } from '../../harness/check/check.js';
import { CLIENT_REQUIRES } from '../../harness/protocol/client-requirements.js';
import { demand } from '../../harness/check/violation.js';

export default defineClientCheck({
  id: 'client.grid-dedup',
  suite: 'client',
  level: 'SHOULD',
  order: 80,
  title:
    'on Enterprise Grid, a message delivered once per workspace connection (same ts, source_team) is answered once',
  clause:
    "If your application is installed by multiple workspaces of an Enterprise Grid and then used in a shared channel, it's possible that your bot will receive multiple RTM events for the same message: one for each of the workspaces you're installed on. If your bot doesn't de-duplicate the messages by looking at the ts value of each message, you might interpret each one independently and reply to them, adding noise a conversation.",
  source: 'https://api.slack.com/legacy/rtm#enterprise-grid',
  sends:
    "an echo request in a channel both of the client's connections (RTM_TOKEN and RTM_TOKEN_2) receive, with the same ts and source_team.",
  requires: 'exactly one echo.',
  premises: ['client-connect', 'second-token', 'echo'],
  needs: { tokens: 2, connections: 2, rtmConnects: 2, echoContract: true },
  async run(ctx) {
    const grid = await ctx.waitFor(() => ctx.wire.open().find((c) => c.token === 'RTM_TOKEN_2'), 500);
    if (!grid) return { kind: 'held', message: 'no connection with RTM_TOKEN_2' };
    ctx.saw('second-token');
    const since = ctx.requestEcho('grid once', ctx.helper.channel);
    const echo = await ctx.awaitEcho('grid once', since);
    demand(
      echo !== undefined,
      CLIENT_REQUIRES.echoOfGridMessage,
      `no echo of "grid once" within ${ctx.timeouts.echoMs} ms`,
    );
    await ctx.sleep(Math.min(1000, ctx.timeouts.echoMs));
    const echoes = ctx.echoesOf('grid once', since);
    demand(
      echoes.length === 1,
      CLIENT_REQUIRES.oneEchoPerGridMessage,
      `${echoes.length} echoes, on connections ${echoes.map((e) => `${e.connection.index} (${e.connection.token})`).join(', ')}`,
    );
    return { kind: 'held', message: 'delivered twice, answered once' };
  },
});
