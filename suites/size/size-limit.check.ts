import { defineCheck } from '../../harness/check/check.js';
import type { CheckContext } from '../../harness/check/server-context.js';
import { demand, show } from '../../harness/check/violation.js';
import { messageFrameOfBytes } from '../../harness/protocol/frame-size.js';
import type { Frame } from '../../harness/check/server-context.js';
import { REQUIRES } from '../../harness/protocol/requirements.js';

const clause =
  'The message server will disconnect any client that sends a message longer than 16 kilobytes. This includes all parts of the message, including JSON syntax, not just the message text.';
const source = 'https://api.slack.com/legacy/rtm#limits';

/**
 * Sends one raw frame (id 2) on a fresh connection, after a small message (id 1) that shows the connection
 * processes messages at all: the frame's reply, or that the connection closed without one.
 */
async function probe(ctx: CheckContext, frame: string, name: string): Promise<{ reply: Frame | 'closed' | 'timeout' }> {
  const { socket } = await ctx.connect(0, name);
  demand(await ctx.awaitHello(socket), REQUIRES.helloOnFreshConnection, `no hello on connection ${name}`);
  const { reply: before } = await socket.request(
    { type: 'message', channel: ctx.channel, text: 'before the probe' },
    ctx.timeouts.replyMs,
  );
  if (typeof before === 'object' && before.ok === true) ctx.saw('ok-reply');
  // A connection the target closed already cannot tell what the frame would do: no verdict either way.
  if (!socket.isOpen)
    throw new Error(`connection ${name} closed after its first message, before the probe frame was sent`);
  const since = socket.position;
  socket.sendRaw(frame);
  const reply = await socket.nextFrame(
    (f) => f.reply_to === 2,
    Math.max(ctx.timeouts.replyMs, ctx.timeouts.closeMs),
    since,
  );
  if (typeof reply === 'object' && reply.ok === true) ctx.saw('ok-reply');
  socket.close();
  return { reply };
}

export default [
  defineCheck({
    id: 'size.limit-accepted',
    behaviours: [
      {
        says: 'The message server will disconnect any client that sends a message longer than 16 kilobytes.',
        requirement: REQUIRES.limitAccepted,
      },
      {
        says: 'This includes all parts of the message, including JSON syntax, not just the message text.',
        requirement: REQUIRES.limitAccepted,
      },
    ],
    suite: 'size',
    level: 'MUST',
    title: 'a frame of exactly the limit (multi-byte UTF-8 counted in bytes) is accepted',
    clause,
    source,
    sends: 'a message frame of exactly --expect-max-bytes bytes whose text is two-byte characters.',
    requires: 'an ok:true reply, and the connection stays open.',
    premises: ['hello', 'ok-reply'],
    needs: { tokens: 1, connections: 1, rtmConnects: 1 },
    async run(ctx) {
      const frame = messageFrameOfBytes(2, ctx.channel!, ctx.expect.maxMessageBytes, 'é')!;
      const { reply } = await probe(ctx, frame, 'limit');
      demand(
        typeof reply === 'object' && reply.ok === true,
        REQUIRES.limitAccepted,
        `${ctx.expect.maxMessageBytes} bytes: ${typeof reply === 'object' ? show(reply) : `the connection ${reply === 'closed' ? 'closed' : 'timed out'} without a reply`}`,
      );
      return { kind: 'held', message: `${ctx.expect.maxMessageBytes} bytes accepted` };
    },
  }),
  defineCheck({
    id: 'size.over-limit-disconnects',
    behaviours: [
      {
        says: 'The message server will disconnect any client that sends a message longer than 16 kilobytes.',
        requirement: REQUIRES.overLimitDisconnects,
      },
      {
        says: 'This includes all parts of the message, including JSON syntax, not just the message text.',
        notChecked:
          'not checked here: the frame over the limit is mostly text, so a server that counted only the text would still disconnect it; size.limit-accepted sends a frame whose JSON makes up the limit',
      },
    ],
    suite: 'size',
    level: 'MUST',
    title: 'a frame one byte over the limit ends the connection, without an ack',
    clause,
    source,
    sends: 'a message frame of --expect-max-bytes + 1 bytes.',
    requires:
      'the connection closes within the close timeout and no reply names the frame (a close frame, e.g. 1009, or a bare drop).',
    premises: ['hello', 'ok-reply'],
    needs: { tokens: 1, connections: 1, rtmConnects: 1 },
    async run(ctx) {
      const frame = messageFrameOfBytes(2, ctx.channel!, ctx.expect.maxMessageBytes + 1, 'é')!;
      const { reply } = await probe(ctx, frame, 'over');
      demand(
        reply === 'closed',
        REQUIRES.overLimitDisconnects,
        typeof reply === 'object'
          ? `reply ${show(reply)}`
          : `the connection stayed open for ${ctx.timeouts.closeMs} ms`,
      );
      ctx.saw('disconnects over the limit');
      return { kind: 'held', message: `${ctx.expect.maxMessageBytes + 1} bytes: disconnected` };
    },
  }),
  defineCheck({
    id: 'size.non-bmp-4000',
    behaviours: [
      {
        says: 'Clients should limit messages sent to channels to 4000 characters',
        notChecked: "a client's duty, graded in client mode (client.message-size)",
      },
      {
        says: 'which will always be under 16k bytes even with a message comprised solely of non-BMP Unicode characters at 4 bytes each.',
        requirement: REQUIRES.nonBmp4000Accepted,
      },
    ],
    suite: 'size',
    level: 'MUST',
    title: 'a 4000-character text of non-BMP characters is accepted',
    clause:
      'Clients should limit messages sent to channels to 4000 characters, which will always be under 16k bytes even with a message comprised solely of non-BMP Unicode characters at 4 bytes each.',
    source,
    sends: 'a message whose text is 4000 emoji (4 bytes each in UTF-8, 2 UTF-16 code units each).',
    requires: 'an ok:true reply.',
    premises: ['hello', 'ok-reply'],
    needs: { tokens: 1, connections: 1, rtmConnects: 1 },
    async run(ctx) {
      const frame = JSON.stringify({ id: 2, type: 'message', channel: ctx.channel, text: '😀'.repeat(4000) });
      if (Buffer.byteLength(frame) > ctx.expect.maxMessageBytes) {
        return {
          kind: 'skipped',
          reason: `the frame is ${Buffer.byteLength(frame)} bytes, over the promised limit ${ctx.expect.maxMessageBytes}`,
        };
      }
      const { reply } = await probe(ctx, frame, 'emoji');
      demand(
        typeof reply === 'object' && reply.ok === true,
        REQUIRES.nonBmp4000Accepted,
        typeof reply === 'object'
          ? show(reply)
          : `the connection ${reply === 'closed' ? 'closed' : 'timed out'} without a reply`,
      );
      return { kind: 'held' };
    },
  }),
  defineCheck({
    id: 'size.observed-limit',
    suite: 'size',
    level: 'INFO',
    title: 'the observed size limit, found by bisection',
    clause,
    source,
    sends:
      'frames of sizes chosen by bisection between half and twice the promised limit, each on a fresh connection (at most 16).',
    requires: 'nothing: the largest accepted size is recorded.',
    premises: ['hello'],
    needs: { tokens: 1, connections: 16, rtmConnects: 16 },
    async run(ctx) {
      let lo = Math.floor(ctx.expect.maxMessageBytes / 2);
      let hi = ctx.expect.maxMessageBytes * 2;
      let accepted = 0;
      for (let i = 0; i < 16 && hi - lo > 1; i++) {
        const mid = Math.floor((lo + hi) / 2);
        const { reply } = await probe(ctx, messageFrameOfBytes(2, ctx.channel!, mid, 'a')!, `probe${i}`);
        if (typeof reply === 'object' && reply.ok === true) [lo, accepted] = [mid, accepted + 1];
        else hi = mid;
      }
      if (accepted === 0)
        return { kind: 'observed', message: `no probe frame was accepted (the smallest tried: ${hi} bytes)` };
      return {
        kind: 'observed',
        message:
          hi - lo <= 1 ? `largest accepted frame: ${lo} bytes` : `largest accepted frame between ${lo} and ${hi} bytes`,
      };
    },
  }),
];
