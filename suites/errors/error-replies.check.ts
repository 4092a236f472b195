import fc from 'fast-check';
import { defineCheck } from '../../harness/check/check.js';
import { checkProperty } from '../../harness/check/property.js';
import { demand, show } from '../../harness/check/violation.js';
import { REQUIRES } from '../../harness/protocol/requirements.js';

const clause =
  'If there is an error processing an event the message server will reply with an error. For example: { "ok": false, "reply_to": 1, "error": { "code": 2, "msg": "message text is missing" } }';

export default [
  defineCheck({
    id: 'errors.text-missing',
    behaviours: [
      {
        says: 'If there is an error processing an event the message server will reply with an error.',
        requirement: REQUIRES.errorReplyTo,
      },
      {
        says: '{ "ok": false, "reply_to": 1, "error": { "code": 2, "msg": "message text is missing" } }',
        requirement: REQUIRES.textMissingError,
      },
    ],
    suite: 'errors',
    level: 'MUST',
    title: 'a message without text gets ok:false, its reply_to and error {code: 2, msg}',
    clause,
    source: 'https://api.slack.com/legacy/rtm#errors',
    sends: 'messages whose text is absent or empty, with generated other fields.',
    requires: '{"ok":false,"reply_to":<id>,"error":{"code":2,"msg":<string>}}.',
    premises: ['hello', 'error-reply'],
    needs: { tokens: 1, connections: 1, rtmConnects: 1 },
    async run(ctx) {
      const channel = ctx.channel!;
      const textless = fc.record({
        text: fc.constantFrom(undefined, ''),
        thread_ts: fc.option(fc.constant('1355517523.000005'), { nil: undefined }),
      });
      return checkProperty(ctx, textless, async (fields) => {
        const { socket } = await ctx.shared(0);
        const frame = JSON.parse(JSON.stringify({ type: 'message', channel, ...fields }));
        const since = socket.position;
        const id = socket.send(frame);
        const reply = await socket.nextFrame((f) => f.reply_to === id || f.ok === false, ctx.timeouts.replyMs, since);
        demand(typeof reply === 'object', REQUIRES.errorReplyInTime, `${reply} after ${ctx.timeouts.replyMs} ms`);
        demand(reply.reply_to === id, REQUIRES.errorReplyTo, `${show(reply)} to id ${id}`);
        const error = reply.error as Record<string, unknown> | undefined;
        demand(
          reply.ok === false && error?.code === 2 && typeof error.msg === 'string',
          REQUIRES.textMissingError,
          show(reply),
        );
        ctx.saw('error-reply');
      });
    },
  }),
  defineCheck({
    id: 'errors.shape',
    behaviours: [
      {
        says: 'If there is an error processing an event the message server will reply with an error.',
        notChecked: 'checked by errors.text-missing (the reply comes, naming the id)',
      },
      {
        says: '{ "ok": false, "reply_to": 1, "error": { "code": 2, "msg": "message text is missing" } }',
        requirement: REQUIRES.errorObjectShape,
      },
    ],
    suite: 'errors',
    level: 'MUST',
    title: 'every error object has a numeric code and a string msg',
    clause,
    source: 'https://api.slack.com/legacy/rtm#errors',
    sends:
      'frames that must fail (no text, an unknown channel, an unknown type), each followed by a message without text.',
    requires:
      'every ok:false reply and every error event carries error {code: number, msg: string}; at least the textless messages get one.',
    premises: ['hello', 'error-reply'],
    needs: { tokens: 1, connections: 1, rtmConnects: 1 },
    async run(ctx) {
      const bad = fc.constantFrom(
        { type: 'message', channel: ctx.channel! },
        { type: 'message', channel: 'C0NOSUCHCHANNEL', text: 'nowhere' },
        { type: 'x_no_such_type' },
      );
      return checkProperty(ctx, bad, async (frame) => {
        const { socket } = await ctx.shared(0);
        const since = socket.position;
        socket.send(frame);
        // A message without text always owes an error, so every case has one to judge, whatever `frame` got.
        socket.send({ type: 'message', channel: ctx.channel! });
        // An unknown type may legally go unanswered: a ping behind it bounds the wait instead.
        await socket.request({ type: 'ping' }, ctx.timeouts.replyMs);
        await socket.next(() => false, ctx.settleMs, socket.position);
        for (const f of socket.framesSince(since)) {
          if (f.ok !== false && f.type !== 'error') continue;
          const error = f.error as Record<string, unknown> | undefined;
          demand(
            typeof error?.code === 'number' && Number.isInteger(error.code) && typeof error.msg === 'string',
            REQUIRES.errorObjectShape,
            show(f),
          );
          ctx.saw('error-reply');
        }
      });
    },
  }),
];
