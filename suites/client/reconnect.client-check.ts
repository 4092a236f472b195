import type { ClientConnection, ClientContext } from '../../harness/check/client-context.js';
import { type Check, defineClientCheck } from '../../harness/check/check.js';
import { keepsServing } from '../../harness/check/keeps-serving.js';
import { demand } from '../../harness/check/violation.js';
import { CLIENT_REQUIRES } from '../../harness/protocol/client-requirements.js';

const basics =
  'The Websocket URLs provided by rtm.connect are single-use and are only valid for 30 seconds, so make sure to connect quickly.';

/** "312 ms", "20.4 s". */
const seconds = (ms: number) => (ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`);

/**
 * After `cut` ends the live connection: the new rtm.connect call, the new connection within the reconnect bound
 * (the page sets no limit; the bound is one a slow but correct client meets), and an echo on it. Returns how long
 * the reconnect took, for the one judgement of speed (the reconnect-warn bound) its caller makes.
 */
async function reconnectsAfter(
  ctx: ClientContext,
  what: string,
  cut: (c: ClientConnection) => void,
): Promise<{ tookMs: number; message: string }> {
  const since = ctx.now();
  cut(ctx.live()!);
  const fresh = await ctx.awaitConnection(since, ctx.timeouts.reconnectMs);
  const calls = ctx.wire.connectCalls.filter((c) => c.at >= since && c.token === 'RTM_TOKEN');
  demand(
    fresh !== undefined,
    CLIENT_REQUIRES.newConnectionWithinBound,
    `no connection within ${seconds(ctx.timeouts.reconnectMs)} of ${what}: ${calls.length ? `${calls.length} rtm.connect call(s), no accepted URL` : 'no rtm.connect call'}`,
  );
  demand(
    calls.length > 0,
    CLIENT_REQUIRES.freshConnectCall,
    `a connection after ${what} without a new rtm.connect call`,
  );
  ctx.saw('reconnect');
  const tookMs = fresh.openedAt - since;
  if (ctx.profile === 'lifecycle') await keepsServing(ctx, fresh, `reconnected after ${what}`);
  else {
    const at = ctx.requestEchoOn(fresh, `after ${what}`);
    const echo = await ctx.awaitEcho(`after ${what}`, at);
    demand(
      echo !== undefined && echo.connection.index === fresh.index,
      CLIENT_REQUIRES.echoOnNewConnection,
      `after ${what}, ${echo ? `echoed on connection ${echo.connection.index}, not the new connection ${fresh.index}` : `no echo within ${ctx.timeouts.echoMs} ms`}`,
    );
  }
  return {
    tookMs,
    message: `reconnected ${seconds(tookMs)} after ${what} (reconnect-warn bound ${seconds(ctx.timeouts.reconnectWarnMs)}), ${calls.length} rtm.connect call(s)`,
  };
}

/** How quickly it came back: a SHOULD, judged here once per cause (goodbye, a drop), and nowhere else. */
async function reconnectsQuicklyAfter(
  ctx: ClientContext,
  what: string,
  cut: (c: ClientConnection) => void,
): Promise<string> {
  const { tookMs, message } = await reconnectsAfter(ctx, what, cut);
  demand(
    tookMs <= ctx.timeouts.reconnectWarnMs,
    CLIENT_REQUIRES.reconnectWithinWarnBound,
    `reconnected ${seconds(tookMs)} after ${what}, over the ${seconds(ctx.timeouts.reconnectWarnMs)} reconnect-warn bound`,
  );
  return message;
}

/**
 * The new connection works: an echo of `what` on it (the echo profile, failing on `requirement`), or, for any bot
 * (--profile lifecycle), an answer to a trigger or a watched open window there.
 */
async function answersOn(ctx: ClientContext, fresh: ClientConnection, what: string, requirement: string) {
  if (ctx.profile === 'lifecycle') return void (await keepsServing(ctx, fresh, `reconnected ${what}`));
  const at = ctx.requestEchoOn(fresh, what);
  demand(
    (await ctx.awaitEcho(what, at)) !== undefined,
    requirement,
    `no echo of "${what}" within ${ctx.timeouts.echoMs} ms`,
  );
}

/**
 * A reconnect this check needs for its own clause never came: no verdict on that clause. The runner turns the
 * missing `reconnect` premise into an error (its "see" pointer names client.drop-reconnect only when that check
 * failed or erred); what was counted says what happened and names the check that owns reconnecting, whatever its
 * outcome (a warn there explains this error too).
 */
function noReconnect(ctx: ClientContext, what: string): { kind: 'held'; message: string } {
  ctx.saw(`${what} not followed by a reconnect within the reconnect bound (client.drop-reconnect judges reconnecting)`);
  return { kind: 'held', message: 'no reconnect' };
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
    title: 'after goodbye and a close, the client reconnects through a fresh rtm.connect, soon, and echoes again',
    clause: 'goodbye: The server intends to close the connection soon.',
    sends: '{"type":"goodbye"} on the live connection, then a close 1 s later.',
    requires:
      'a new rtm.connect call, a new connection within the reconnect bound (--reconnect-bound, 60 s) and an echo on it; slower than the reconnect-warn bound (--reconnect-warn, 10 s) warns.',
    lifecycle: {
      requires:
        'a new rtm.connect call, a new connection within the reconnect bound (--reconnect-bound, 60 s) and an answer to a --trigger on it (any frame but a ping; without triggers, the connection open for 1 s); slower than the reconnect-warn bound (--reconnect-warn, 10 s) warns.',
    },
    premises: ['client-connect', 'reconnect', 'echo'],
    run: async (ctx) => ({
      kind: 'held',
      message: await reconnectsQuicklyAfter(ctx, 'goodbye', (c) => c.server.goodbye()),
    }),
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
    requires:
      'the echo of the queued request, on the new connection. A reconnect slower than the reconnect-warn bound is fine here; none within the reconnect bound (60 s) is no verdict (an error: client.drop-reconnect judges reconnecting).',
    premises: ['client-connect', 'reconnect', 'echo'],
    // What arrived before hello is seen only in what the client does with it: an echo.
    needs: { ...common.needs, echoContract: true },
    async run(ctx) {
      let postedAt = 0;
      // Queued for that socket URL only: no other connection (the Grid one) can answer it first.
      ctx.wire.whenNextUrlIssued((ticket) => {
        postedAt = ctx.now();
        ticket.queued.push(ctx.messageEvent(ctx.helper.channel, ctx.helper.user, 'echo queued while connecting'));
      });
      const since = ctx.now();
      ctx.live()!.server.drop();
      const fresh = await ctx.waitFor(
        () =>
          postedAt > 0
            ? ctx.wire.connections.find((c) => c.token === 'RTM_TOKEN' && c.openedAt >= postedAt)
            : undefined,
        ctx.timeouts.reconnectMs,
      );
      if (!fresh) return noReconnect(ctx, 'drop');
      ctx.saw('reconnect');
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
        message: `reconnected ${seconds(fresh.openedAt - since)} after the drop; the queued request answered ${Math.round(echo.frame.at - fresh.openedAt)} ms after the connection opened`,
      };
    },
  }),
  defineClientCheck({
    ...common,
    id: 'client.drop-reconnect',
    level: 'SHOULD',
    order: 110,
    title: 'after an abrupt TCP drop, the client reconnects through a fresh rtm.connect, soon, and echoes again',
    clause: 'Clients should try to quickly detect disconnections, even in idle periods',
    sends: "ends the live connection's TCP socket without a close frame.",
    requires:
      'a new rtm.connect call, a new connection within the reconnect bound (--reconnect-bound, 60 s) and an echo on it; slower than the reconnect-warn bound (--reconnect-warn, 10 s) warns.',
    lifecycle: {
      requires:
        'a new rtm.connect call, a new connection within the reconnect bound (--reconnect-bound, 60 s) and an answer to a --trigger on it (any frame but a ping; without triggers, the connection open for 1 s); slower than the reconnect-warn bound (--reconnect-warn, 10 s) warns.',
    },
    premises: ['client-connect', 'reconnect', 'echo'],
    run: async (ctx) => ({
      kind: 'held',
      message: await reconnectsQuicklyAfter(ctx, 'a drop', (c) => c.server.drop()),
    }),
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
      'after the refusal, another rtm.connect call and a connection on its URL within the reconnect bound (60 s; the time is reported, not judged), and an echo; the expired URL is not retried. A client that never comes back for a URL after the drop is no verdict (an error: client.drop-reconnect judges reconnecting).',
    lifecycle: {
      requires:
        'after the refusal, another rtm.connect call and a connection on its URL within the reconnect bound (60 s; the time is reported, not judged), and an answer to a --trigger on it (any frame but a ping; without triggers, the connection open for 1 s); the expired URL is not retried. A client that never comes back for a URL after the drop is no verdict (an error: client.drop-reconnect judges reconnecting).',
    },
    premises: ['client-connect', 'reconnect', 'echo'],
    async run(ctx) {
      ctx.wire.expireNextUrls(1);
      const since = ctx.now();
      ctx.live()!.server.drop();
      // The premise: after the drop it came back for a URL, and was given the expired one.
      const expired = await ctx.waitFor(
        () => ctx.wire.upgrades.find((u) => u.at >= since && u.outcome === 'expired'),
        ctx.timeouts.reconnectMs,
      );
      if (!expired) return noReconnect(ctx, 'drop');
      const fresh = await ctx.awaitConnection(expired.at, ctx.timeouts.reconnectMs);
      const tries = ctx.wire.upgrades.filter((u) => u.at >= since && u.outcome === 'expired').length;
      const calls = ctx.wire.connectCalls.filter((c) => c.at >= expired.at && c.token === 'RTM_TOKEN').length;
      demand(
        fresh !== undefined && tries === 1,
        CLIENT_REQUIRES.expiredUrlTriedOnce,
        `after the expired URL: ${tries} attempt(s) on it, ${calls} rtm.connect call(s), ${fresh ? `a connection ${seconds(fresh.openedAt - expired.at)} later` : `no connection within ${seconds(ctx.timeouts.reconnectMs)}`}`,
      );
      ctx.saw('reconnect');
      await answersOn(ctx, fresh, 'after an expired URL', CLIENT_REQUIRES.echoOnNewConnection);
      return {
        kind: 'held',
        message: `refused once, then ${calls} rtm.connect call(s) and a connection ${seconds(fresh.openedAt - expired.at)} later (${seconds(fresh.openedAt - since)} after the drop)`,
      };
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
    requires:
      'at most 2 rtm.connect calls per second on average while refused, then a reconnect (within the reconnect bound) and an echo.',
    lifecycle: {
      requires:
        'at most 2 rtm.connect calls per second on average while refused, then a reconnect (within the reconnect bound) and an answer to a --trigger on it (any frame but a ping; without triggers, the connection open for 1 s).',
    },
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
      demand(
        rate <= 2,
        CLIENT_REQUIRES.connectBackoff,
        `${refused} calls in ${refuseMs / 1000} s (${rate.toFixed(1)}/s)`,
      );
      const fresh = await ctx.awaitConnection(since, ctx.timeouts.reconnectMs);
      if (!fresh) return noReconnect(ctx, 'drop while refused');
      ctx.saw('reconnect');
      await answersOn(ctx, fresh, 'after backing off', CLIENT_REQUIRES.echoAfterReconnect);
      return {
        kind: 'held',
        message: `${refused} calls in ${refuseMs / 1000} s while refused (${rate.toFixed(1)}/s), then reconnected ${seconds(fresh.openedAt - since)} after the drop`,
      };
    },
  }),
];
