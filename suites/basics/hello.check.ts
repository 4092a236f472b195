import fc from 'fast-check';
import { type Check, defineCheck } from '../../harness/runner/check.js';
import type { CheckContext } from '../../harness/runner/context.js';
import { checkProperty } from '../../harness/runner/property.js';
import type { Frame } from '../../harness/session/rtm-socket.js';
import { demand } from '../../harness/runner/violation.js';

const clause =
  'If you connect successfully the first event received will be a hello: { "type": "hello" } This will be followed by any events that occurred between the call to rtm.connect and the connection to the message server.';

/** Opens fresh connections (three at most: real servers rate-limit rtm.connect) and judges the frames that open each. */
function onFreshConnections(ctx: CheckContext, judge: (first: Frame | 'closed' | 'timeout', hello: Frame | 'closed' | 'timeout') => void, held: string) {
  return checkProperty(
    ctx,
    fc.constant(null),
    async () => {
      const { socket } = await ctx.connect(0, 'c1');
      const first = await socket.nextFrame(() => true, ctx.timeouts.helloMs);
      const hello = typeof first === 'object' ? await socket.nextFrame((f) => f.type === 'hello', ctx.timeouts.helloMs) : first;
      socket.close();
      judge(first, hello);
    },
    { maxRuns: 3, held },
  );
}

const common: Pick<Check, 'suite' | 'level' | 'clause' | 'needs'> = {
  suite: 'connect',
  level: 'MUST',
  clause,
  needs: { tokens: 1, connections: 3, rtmConnects: 3 },
};

export default [
  defineCheck({
    ...common,
    id: 'connect.hello-in-time',
    title: 'hello arrives promptly after the upgrade',
    source: 'seed page, "Basics"; rtm-protocol.md §8.16',
    sends: 'rtm.connect, then opens the socket URL and waits, sending nothing.',
    requires: 'a frame with type "hello" within the hello timeout.',
    run: (ctx) =>
      onFreshConnections(
        ctx,
        (_first, hello) => demand(typeof hello === 'object', `{"type":"hello"} within ${ctx.timeouts.helloMs} ms`, hello === 'closed' ? 'the connection closed first' : 'no hello'),
        'hello arrived on every connection',
      ),
  }),
  defineCheck({
    ...common,
    id: 'connect.hello-first',
    title: 'hello is the first frame: no event precedes it',
    source: 'seed page, "Basics"; rtm-protocol.md §8.17',
    sends: 'rtm.connect, then opens the socket URL and reads the first frame.',
    requires: 'the first frame received is {"type":"hello"} (extra fields allowed).',
    run: (ctx) =>
      onFreshConnections(
        ctx,
        (first) => demand(typeof first === 'object' && first.type === 'hello', 'the first frame is {"type":"hello"}', typeof first === 'object' ? `first frame ${JSON.stringify(first).slice(0, 200)}` : `no frame (${first})`),
        'hello came first on every connection',
      ),
  }),
];
