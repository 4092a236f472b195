import { defineClientCheck } from '../../harness/check/check.js';
import { CLIENT_REQUIRES } from '../../harness/protocol/client-requirements.js';
import { keepsServing } from '../../harness/check/keeps-serving.js';
import { demand } from '../../harness/check/violation.js';

export default defineClientCheck({
  id: 'client.connect',
  suite: 'client',
  level: 'MUST',
  order: 10,
  title:
    'the client calls rtm.connect (or rtm.start), opens the socket URL within its lifetime, and answers the first echo request',
  clause:
    'The Websocket URLs provided by rtm.connect are single-use and are only valid for 30 seconds, so make sure to connect quickly.',
  source: 'https://api.slack.com/legacy/rtm#basics; https://api.slack.com/methods/rtm.connect',
  sends: 'nothing until the client connects; then one echo request from the helper user in #general.',
  lifecycle: {
    sends: 'nothing until the client connects; then the first --trigger from the helper user in #general, if any.',
    requires:
      'an rtm.connect or rtm.start call with RTM_TOKEN, an accepted socket URL, and an answer to a --trigger (any frame but a ping; without triggers, the connection open for 1 s).',
  },
  requires:
    'an rtm.connect or rtm.start call with RTM_TOKEN, an accepted socket URL, and the echo within the echo timeout.',
  premises: ['client-connect', 'echo'],
  otherwise: { 'client-connect': 'fail', echo: 'fail' },
  needs: { tokens: 1, connections: 1, rtmConnects: 1 },
  async run(ctx) {
    const connection = await ctx.awaitConnection(0);
    const calls = ctx.wire.connectCalls.filter((c) => c.token === 'RTM_TOKEN');
    demand(calls.length > 0, CLIENT_REQUIRES.connectCall, 'no call');
    demand(
      connection !== undefined,
      CLIENT_REQUIRES.socketUrlOpened,
      `${calls.length} call(s), no accepted socket URL within ${ctx.timeouts.connectMs} ms (${ctx.wire.upgrades.map((u) => u.outcome).join(', ') || 'no upgrade at all'})`,
    );
    ctx.saw('client-connect');
    const connected = `${calls[0].method}, connected ${Math.round(connection.openedAt - calls[0].at)} ms after the call`;
    if (ctx.profile === 'lifecycle')
      return { kind: 'held', message: `${connected}; ${await keepsServing(ctx, connection, 'once connected')}` };
    const since = ctx.requestEcho('first request');
    const echo = await ctx.awaitEcho('first request', since);
    demand(
      echo !== undefined,
      CLIENT_REQUIRES.echoWithinTimeout,
      `no echo of "first request" within ${ctx.timeouts.echoMs} ms`,
    );
    return {
      kind: 'held',
      message: `${connected}, echoed in ${Math.round(echo.frame.at - since)} ms`,
    };
  },
});
