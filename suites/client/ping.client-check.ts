import { defineClientCheck } from '../../harness/check/check.js';
import { CLIENT_REQUIRES } from '../../harness/protocol/client-requirements.js';
import { demand } from '../../harness/check/violation.js';

export default defineClientCheck({
  id: 'client.ping-when-idle',
  suite: 'client',
  level: 'SHOULD',
  order: 50,
  title: 'in a quiet window the client pings (RTM ping or WebSocket ping) at least every ping bound',
  clause:
    'Clients should try to quickly detect disconnections, even in idle periods, so that users can easily tell the difference between being disconnected and everyone being quiet. [...] When there is no other activity clients should send a ping every few seconds.',
  source: 'https://api.slack.com/legacy/rtm#ping-pong',
  sends: 'nothing, for the quiet window (--idle, default 30 s).',
  requires:
    'a ping at least every ping bound (--ping-bound, default 10 s: a generous reading of "every few seconds", met by @slack/rtm-api\'s 6 s keepalive) from the start of the window to its end.',
  premises: ['client-connect', 'client-ping'],
  needs: { tokens: 1, connections: 1, rtmConnects: 1, waitsOnClock: true },
  async run(ctx) {
    const connection = ctx.live()!;
    const start = ctx.now();
    await ctx.waitFor(() => (connection.closedAt !== undefined ? true : undefined), ctx.settings.idleMs);
    const end = ctx.now();
    demand(
      connection.closedAt === undefined,
      CLIENT_REQUIRES.connectionStaysOpen,
      () =>
        `it closed ${((connection.closedAt! - start) / 1000).toFixed(1)} s into the ${ctx.settings.idleMs / 1000} s quiet window`,
    );
    const rtm = connection.frames.filter((f) => f.at >= start && f.parsed?.type === 'ping').map((f) => f.at);
    const ws = connection.wsPings.filter((t) => t >= start);
    const pings = [...rtm, ...ws].sort((a, b) => a - b);
    ctx.saw('client-ping', pings.length);
    const gaps = [start, ...pings, end].slice(1).map((t, i, all) => t - (i === 0 ? start : all[i - 1]));
    const longest = Math.max(...gaps);
    const seen = `${rtm.length} RTM and ${ws.length} WebSocket pings in ${((end - start) / 1000).toFixed(1)} s; gaps ${gaps.map((g) => (g / 1000).toFixed(1)).join(', ')} s`;
    // Slack for the scheduling of a busy machine: a quarter of the bound, at most a second.
    const slack = Math.min(1000, ctx.settings.pingBoundMs / 4);
    demand(
      longest <= ctx.settings.pingBoundMs + slack,
      CLIENT_REQUIRES.pingEveryBoundWhileIdle,
      `longest gap ${(longest / 1000).toFixed(1)} s, over the ${ctx.settings.pingBoundMs / 1000} s bound (${slack} ms slack): ${seen}`,
    );
    return { kind: 'held', message: seen };
  },
});
