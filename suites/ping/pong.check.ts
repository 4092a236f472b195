import fc from 'fast-check';
import { defineCheck } from '../../harness/check/check.js';
import { checkProperty } from '../../harness/check/property.js';
import { demand, show } from '../../harness/check/violation.js';
import { REQUIRES } from '../../harness/protocol/requirements.js';
import { verifyPong } from '../../harness/check/verify.js';

const clause =
  'You can supply any number of extra "flat" arguments (that is: only scalar values, no arrays or objects). These will be included in the pong message that is sent back.';
const argName = fc.stringMatching(/^[a-z][a-z0-9_]{0,12}$/).filter((k) => !['id', 'type', 'reply_to'].includes(k));
const flatKinds = [
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }).filter((d) => !Object.is(d, -0)),
  fc.boolean(),
  fc.constant(null),
] as const;
const flatValue = fc.oneof(...flatKinds);
/** One argument of every JSON type in every ping (a server that drops a type fails the first run, however few runs), then up to 6 more. */
const flatArgs = fc
  .tuple(
    fc.uniqueArray(argName, { minLength: flatKinds.length, maxLength: flatKinds.length }),
    fc.tuple(...flatKinds),
    fc.dictionary(argName, flatValue, { maxKeys: 6 }),
  )
  .map(
    ([names, values, more]): Record<string, unknown> => ({
      ...more,
      ...Object.fromEntries(names.map((name, k) => [name, values[k]])),
    }),
  );

const bareClause =
  'When there is no other activity clients should send a ping every few seconds. To send a ping, send the following JSON: { "id": 1234, "type": "ping", ... }';

export default [
  defineCheck({
    id: 'ping.bare-pong',
    suite: 'ping',
    level: 'MUST',
    title: 'a ping with no extra arguments gets a pong with reply_to its id',
    clause: bareClause,
    source: 'https://api.slack.com/legacy/rtm#ping-pong',
    sends: 'three pings with nothing but their id and type, one at a time.',
    requires: '{"type":"pong","reply_to":<id>} for each, within the reply timeout.',
    behaviours: [
      {
        says: 'When there is no other activity clients should send a ping every few seconds.',
        notChecked: "a client's duty, graded in client mode (client.ping-when-idle)",
      },
      {
        says: 'To send a ping, send the following JSON: { "id": 1234, "type": "ping", ... }',
        requirement: REQUIRES.barePong,
      },
    ],
    premises: ['hello', 'pong'],
    needs: { tokens: 1, connections: 1, rtmConnects: 1 },
    async run(ctx) {
      const { socket } = await ctx.shared(0);
      for (let i = 0; i < 3; i++) {
        const { id, reply, read } = await socket.request({ type: 'ping' }, ctx.timeouts.replyMs);
        demand(
          typeof reply === 'object',
          REQUIRES.barePong,
          `no pong to ping id ${id} within ${ctx.timeouts.replyMs} ms (${reply})`,
        );
        verifyPong(read, id, ctx.timeouts.replyMs);
        ctx.saw('pong');
      }
      return { kind: 'held', message: 'every bare ping was answered' };
    },
  }),
  defineCheck({
    id: 'ping.echoes-flat-args',
    suite: 'ping',
    level: 'MUST',
    title: 'pong has type pong, reply_to the ping id, and every flat argument echoed with its value and JSON type',
    clause,
    source: 'https://api.slack.com/legacy/rtm#ping-pong',
    sends:
      'pings with generated flat arguments, in each one at least one of every kind: unicode string, integer, float, boolean, null.',
    requires: '{"type":"pong","reply_to":<id>, …args} with each argument deep-equal to what was sent.',
    behaviours: [
      {
        says: 'You can supply any number of extra "flat" arguments (that is: only scalar values, no arrays or objects).',
        notChecked:
          'what a client may send; what a server does with nested arguments is recorded by ping.nested-args (INFO: the page leaves it open)',
      },
      { says: 'These will be included in the pong message that is sent back.', requirement: REQUIRES.argumentsEchoed },
    ],
    premises: ['hello', 'pong'],
    exercises: 'arguments compared',
    needs: { tokens: 1, connections: 1, rtmConnects: 1 },
    async run(ctx) {
      return checkProperty(ctx, flatArgs, async (args) => {
        const { socket } = await ctx.shared(0);
        const { id, reply: sent, read } = await socket.request({ type: 'ping', ...args }, ctx.timeouts.replyMs);
        const reply = verifyPong(read ?? (sent as 'closed' | 'timeout'), id, ctx.timeouts.replyMs);
        ctx.saw('pong');
        for (const [key, value] of Object.entries(args)) {
          demand(
            JSON.stringify(reply[key]) === JSON.stringify(value),
            REQUIRES.argumentsEchoed,
            () => `${key}: ${show(value)} sent, ${key in reply ? show(reply[key]) : 'missing'} in ${show(reply)}`,
          );
        }
        ctx.saw('arguments compared', Object.keys(args).length);
      });
    },
  }),
  defineCheck({
    id: 'ping.nested-args',
    suite: 'ping',
    level: 'INFO',
    title: 'what a pong does with nested (non-flat) ping arguments',
    clause,
    source: 'https://api.slack.com/legacy/rtm#ping-pong',
    sends: 'a ping with an array and an object argument.',
    requires: 'nothing: echoed, dropped or refused is recorded.',
    premises: ['hello'],
    needs: { tokens: 1, connections: 1, rtmConnects: 1 },
    async run(ctx) {
      const { socket } = await ctx.shared(0);
      const { reply } = await socket.request({ type: 'ping', list: [1, 2], obj: { a: 1 } }, ctx.timeouts.replyMs);
      if (typeof reply !== 'object') return { kind: 'observed', message: `no pong (${reply})` };
      const fate = (k: string) => (k in reply ? 'echoed' : 'dropped');
      return { kind: 'observed', message: `array ${fate('list')}, object ${fate('obj')}: ${show(reply)}` };
    },
  }),
];
