import type { ClientConnection, ClientContext } from '../../harness/check/client-context.js';
import { type Check, defineClientCheck } from '../../harness/check/check.js';
import { CLIENT_REQUIRES } from '../../harness/protocol/client-requirements.js';
import { demand } from '../../harness/check/violation.js';

const basics =
  'The Websocket URLs provided by rtm.connect are single-use and are only valid for 30 seconds, so make sure to connect quickly.';

/** After `cut` ends the live connection: the new rtm.connect call, the new connection, and an echo on it. */
async function reconnectsAfter(ctx: ClientContext, what: string, cut: (c: ClientConnection) => void): Promise<string> {
  const old = ctx.live()!;
  const since = ctx.now();
  cut(old);
  const fresh = await ctx.awaitConnection(since);
  const calls = ctx.wire.connectCalls.filter((c) => c.at >= since && c.token === 'RTM_TOKEN');
  demand(
    fresh !== undefined,
    CLIENT_REQUIRES.newConnectionWithinTimeout,
    `no connection within ${ctx.timeouts.connectMs} ms of ${what}: ${calls.length ? `${calls.length} rtm.connect call(s), no accepted URL` : 'no rtm.connect call'}`,
  );
  demand(
    calls.length > 0,
    CLIENT_REQUIRES.freshConnectCall,
    `a connection after ${what} without a new rtm.connect call`,
  );
  ctx.saw('reconnect');
  const at = ctx.requestEchoOn(fresh, `after ${what}`);
  const echo = await ctx.awaitEcho(`after ${what}`, at);
  demand(
    echo !== undefined && echo.connection.index === fresh.index,
    CLIENT_REQUIRES.echoOnNewConnection,
    `after ${what}, ${echo ? `echoed on connection ${echo.connection.index}, not the new connection ${fresh.index}` : `no echo within ${ctx.timeouts.echoMs} ms`}`,
  );
  return `reconnected ${Math.round(fresh.openedAt - since)} ms after ${what}, ${calls.length} rtm.connect call(s)`;
}

const common: Pick<Check<ClientContext>, 'suite' | 'source' | 'needs'> = {
  suite: 'client',
  source: 'https://api.slack.com/legacy/rtm#basics; https://api.slack.com/events/goodbye',
  needs: { tokens: 1, connections: 2, rtmConnects: 2 },
};

export default [
  defineClientCheck({
    ...common,
    id: 'client.goodbye-reconnect',
    level: 'SHOULD',
    order: 90,
    title: 'after goodbye and a close, the client reconnects through a fresh rtm.connect and echoes again',
    clause: 'goodbye: The server intends to close the connection soon.',
    sends: '{"type":"goodbye"} on the live connection, then a close 1 s later.',
    requires: 'a new rtm.connect call, a new connection, and an echo on it, within the connect timeout.',
    premises: ['client-connect', 'reconnect', 'echo'],
    run: async (ctx) => ({ kind: 'held', message: await reconnectsAfter(ctx, 'goodbye', (c) => c.server.goodbye()) }),
  }),
  defineClientCheck({
    ...common,
    id: 'client.queued-events',
    level: 'MUST',
    order: 100,
    title: "echo requests posted between the client's rtm.connect and its socket opening are answered after hello",
    clause:
      'If you connect successfully the first event received will be a hello [...] This will be followed by any events that occurred between the call to rtm.connect and the connection to the message server.',
    sends:
      "drops the connection; when the client's next rtm.connect has been answered, posts an echo request (queued for the new connection).",
    requires: 'the echo of the queued request, on the new connection.',
    premises: ['client-connect', 'reconnect', 'echo'],
    async run(ctx) {
      let postedAt = 0;
      // Queued for that socket URL only: no other connection (the Grid one) can answer it first.
      ctx.wire.whenNextUrlIssued((ticket) => {
        postedAt = ctx.now();
        ticket.queued.push(ctx.messageEvent(ctx.helper.channel, ctx.helper.user, 'echo queued while connecting'));
      });
      const since = ctx.now();
      ctx.live()!.server.drop();
      const fresh = await ctx.awaitConnection(since);
      demand(
        fresh !== undefined,
        CLIENT_REQUIRES.newConnectionWithinTimeout,
        `no connection within ${ctx.timeouts.connectMs} ms of a drop`,
      );
      ctx.saw('reconnect');
      demand(
        postedAt > 0,
        CLIENT_REQUIRES.freshConnectCall,
        'a connection after a drop without a new rtm.connect call (so no request could be queued for it)',
      );
      const echo = await ctx.awaitEcho('queued while connecting', postedAt);
      demand(
        echo !== undefined && echo.connection.index === fresh.index,
        CLIENT_REQUIRES.echoOfQueuedRequest,
        echo
          ? `echoed on connection ${echo.connection.index}, not the new connection ${fresh.index}`
          : `no echo of "queued while connecting" within ${ctx.timeouts.echoMs} ms`,
      );
      return {
        kind: 'held',
        message: `queued request answered ${Math.round(echo.frame.at - fresh.openedAt)} ms after the connection opened`,
      };
    },
  }),
  defineClientCheck({
    ...common,
    id: 'client.drop-reconnect',
    level: 'SHOULD',
    order: 110,
    title: 'after an abrupt TCP drop, the client reconnects through a fresh rtm.connect and echoes again',
    clause: 'Clients should try to quickly detect disconnections, even in idle periods',
    sends: "ends the live connection's TCP socket without a close frame.",
    requires: 'a new rtm.connect call, a new connection, and an echo on it, within the connect timeout.',
    premises: ['client-connect', 'reconnect', 'echo'],
    run: async (ctx) => ({ kind: 'held', message: await reconnectsAfter(ctx, 'a drop', (c) => c.server.drop()) }),
  }),
  defineClientCheck({
    ...common,
    id: 'client.expired-url',
    level: 'MUST',
    order: 120,
    title: 'given an already expired socket URL, the client calls rtm.connect again',
    clause: basics,
    sends:
      'drops the connection; the next socket URL is already expired (code-1 error, then a close), the one after works.',
    requires:
      'another rtm.connect call after the refusal, a connection on its URL, and an echo; the expired URL is not retried.',
    premises: ['client-connect', 'reconnect', 'echo'],
    async run(ctx) {
      ctx.wire.expireNextUrls(1);
      const message = await reconnectsAfter(ctx, 'an expired URL', (c) => c.server.drop());
      const refused = ctx.wire.upgrades.filter((u) => u.outcome === 'expired');
      demand(refused.length === 1, CLIENT_REQUIRES.expiredUrlTriedOnce, `${refused.length} attempts on expired URLs`);
      return { kind: 'held', message };
    },
  }),
  defineClientCheck({
    ...common,
    id: 'client.reconnect-backoff',
    level: 'SHOULD',
    order: 130,
    title: 'while rtm.connect is refused, the client backs off instead of calling in a hot loop',
    clause: 'As with all Slack APIs, the RTM API is subject to rate limits.',
    sends: 'drops the connection while rtm.connect answers HTTP 429 (Retry-After: 1) for 5 s.',
    requires: 'at most 2 rtm.connect calls per second on average while refused, then a reconnect and an echo.',
    premises: ['client-connect', 'reconnect', 'echo'],
    async run(ctx) {
      const refuseMs = 5000;
      const since = ctx.now();
      ctx.wire.refuseConnectsFor(refuseMs, {
        status: 429,
        body: { ok: false, error: 'ratelimited' },
        retryAfterSec: 1,
      });
      ctx.live()!.server.drop();
      await ctx.sleep(refuseMs);
      const refused = ctx.wire.connectCalls.filter((c) => c.at >= since && c.refused).length;
      const rate = refused / (refuseMs / 1000);
      const fresh = await ctx.awaitConnection(since);
      demand(
        rate <= 2,
        CLIENT_REQUIRES.connectBackoff,
        `${refused} calls in ${refuseMs / 1000} s (${rate.toFixed(1)}/s)`,
      );
      demand(
        fresh !== undefined,
        CLIENT_REQUIRES.newConnectionWithinTimeout,
        `${refused} refused calls, then no connection within ${ctx.timeouts.connectMs} ms of the refusals ending`,
      );
      ctx.saw('reconnect');
      const at = ctx.requestEchoOn(fresh!, 'after backing off');
      demand(
        (await ctx.awaitEcho('after backing off', at)) !== undefined,
        CLIENT_REQUIRES.echoAfterReconnect,
        `no echo of "after backing off" within ${ctx.timeouts.echoMs} ms`,
      );
      return {
        kind: 'held',
        message: `${refused} calls in ${refuseMs / 1000} s while refused (${rate.toFixed(1)}/s), then reconnected`,
      };
    },
  }),
];
