import fc from 'fast-check';
import { type Check, type Finding, defineCheck } from '../../harness/check/check.js';
import type { CheckContext } from '../../harness/check/server-context.js';
import { checkProperty } from '../../harness/check/property.js';
import type { Frame } from '../../harness/check/server-context.js';
import { demand } from '../../harness/check/violation.js';
import { REQUIRES } from '../../harness/protocol/requirements.js';

const clause =
  'If you connect successfully the first event received will be a hello: { "type": "hello" } This will be followed by any events that occurred between the call to rtm.connect and the connection to the message server.';

/** Opens fresh connections (three at most: real servers rate-limit rtm.connect) and judges the frames that open each. */
async function onFreshConnections(
  ctx: CheckContext,
  judge: (first: Frame | 'closed' | 'timeout', hello: Frame | 'closed' | 'timeout') => void,
  held: string,
): Promise<Finding> {
  // The run's probe connection found no hello: judge what it saw instead of waiting again on three more.
  if (ctx.probe.kind === 'no-hello') {
    judge(ctx.probe.first, ctx.probe.hello);
    return { kind: 'held', message: held };
  }
  return checkProperty(
    ctx,
    fc.constant(null),
    async () => {
      const { socket } = await ctx.connect(0, 'c1');
      const first = await socket.nextFrame(() => true, ctx.timeouts.helloMs);
      const hello =
        typeof first === 'object' ? await socket.nextFrame((f) => f.type === 'hello', ctx.timeouts.helloMs) : first;
      if (typeof hello === 'object') ctx.saw('hello');
      socket.close();
      judge(first, hello);
    },
    { maxRuns: 3, held },
  );
}

const common: Pick<Check, 'suite' | 'level' | 'clause' | 'needs' | 'premises' | 'otherwise' | 'judgesProbe'> = {
  suite: 'connect',
  level: 'MUST',
  clause,
  premises: ['hello'],
  otherwise: { hello: 'fail' },
  judgesProbe: true,
  needs: { tokens: 1, connections: 3, rtmConnects: 3, channel: 'none' },
};

export default [
  defineCheck({
    ...common,
    id: 'connect.hello-in-time',
    behaviours: [
      {
        says: 'If you connect successfully the first event received will be a hello: { "type": "hello" }',
        requirement: REQUIRES.helloInTime,
      },
      {
        says: 'This will be followed by any events that occurred between the call to rtm.connect and the connection to the message server.',
        notChecked: 'checked by connect.queued-events',
      },
    ],
    title: 'hello arrives promptly after the upgrade',
    source: 'https://api.slack.com/legacy/rtm#basics; https://api.slack.com/events/hello',
    sends: 'rtm.connect, then opens the socket URL and waits, sending nothing.',
    requires: 'a frame with type "hello" within the hello timeout.',
    run: (ctx) =>
      onFreshConnections(
        ctx,
        (_first, hello) =>
          demand(
            typeof hello === 'object',
            REQUIRES.helloInTime,
            hello === 'closed' ? 'the connection closed first' : `no hello within ${ctx.timeouts.helloMs} ms`,
          ),
        'hello arrived on every connection',
      ),
  }),
  defineCheck({
    ...common,
    id: 'connect.hello-first',
    behaviours: [
      {
        says: 'If you connect successfully the first event received will be a hello: { "type": "hello" }',
        requirement: REQUIRES.helloFirst,
      },
      {
        says: 'This will be followed by any events that occurred between the call to rtm.connect and the connection to the message server.',
        notChecked: 'checked by connect.queued-events',
      },
    ],
    title: 'hello is the first frame: no event precedes it',
    source: 'https://api.slack.com/legacy/rtm#basics; https://api.slack.com/events/hello',
    sends: 'rtm.connect, then opens the socket URL and reads the first frame.',
    requires: 'the first frame received is {"type":"hello"} (extra fields allowed).',
    run: (ctx) =>
      onFreshConnections(
        ctx,
        (first) =>
          demand(
            typeof first === 'object' && first.type === 'hello',
            REQUIRES.helloFirst,
            typeof first === 'object' ? `first frame ${JSON.stringify(first).slice(0, 200)}` : `no frame (${first})`,
          ),
        'hello came first on every connection',
      ),
  }),
];
