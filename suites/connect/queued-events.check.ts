import fc from 'fast-check';
import { defineCheck } from '../../harness/check/check.js';
import { checkProperty } from '../../harness/check/property.js';
import { REQUIRES } from '../../harness/protocol/requirements.js';
import { demand } from '../../harness/check/violation.js';
import { shown } from '../../harness/check/verify.js';

export default defineCheck({
  id: 'connect.queued-events',
  suite: 'connect',
  level: 'MUST',
  title: 'an event that occurs between rtm.connect and the connection arrives after hello, exactly once',
  clause:
    'This will be followed by any events that occurred between the call to rtm.connect and the connection to the message server.',
  source: 'https://api.slack.com/legacy/rtm#basics',
  sends:
    "rtm.connect for the first user; the second user posts a message to the channel both are in and waits for its ack; then the first user's socket URL is opened.",
  requires:
    'hello first, then the message event posted in between, exactly once (within the reply timeout and a settle).',
  behaviours: [
    {
      says: 'This will be followed by any events that occurred between the call to rtm.connect and the connection to the message server.',
      requirement: REQUIRES.queuedAfterHello,
    },
    {
      says: 'This will be followed by any events that occurred between the call to rtm.connect and the connection to the message server.',
      requirement: REQUIRES.queuedOnce,
    },
  ],
  premises: ['hello', 'ok-reply', 'broadcast'],
  needs: { tokens: 2, connections: 3, rtmConnects: 3 },
  async run(ctx) {
    const channel = ctx.channel!;
    return checkProperty(
      ctx,
      fc.nat(),
      async (nonce) => {
        const poster = await ctx.shared(1, 'poster');
        const connect = await ctx.rtmConnect(0);
        const text = `queued while connecting ${nonce}`;
        const { read } = await poster.socket.request({ type: 'message', channel, text }, ctx.timeouts.replyMs);
        // The event happened only if the post was processed: a rate-limited or refused post queues nothing.
        if (read?.raw.ok !== true) return;
        ctx.saw('ok-reply');
        const socket = await ctx.open(connect.url, 'late');
        const isOurs = (f: Record<string, unknown>) => f.type === 'message' && f.text === text;
        await socket.nextFrame(isOurs, ctx.timeouts.replyMs);
        await socket.next(() => false, ctx.settleMs, socket.position);
        const reads = socket.readsSince(0);
        const hello = reads.findIndex((r) => r.kind === 'hello');
        if (hello >= 0) ctx.saw('hello');
        const ours = reads.flatMap((r, i) => (isOurs(r.raw) ? [i] : []));
        demand(ours.length > 0 && hello >= 0 && ours[0] > hello, REQUIRES.queuedAfterHello, () =>
          ours.length === 0
            ? `no message event "${text}" within ${ctx.timeouts.replyMs} ms of hello${hello < 0 ? ' (no hello either)' : ''}`
            : `frame ${ours[0] + 1} was the event, hello ${hello < 0 ? 'never came' : `was frame ${hello + 1}`}`,
        );
        ctx.saw('broadcast');
        demand(
          ours.length === 1,
          REQUIRES.queuedOnce,
          () => `${ours.length} copies: ${ours.map((i) => shown(reads[i], 120)).join(' ')}`,
        );
        ctx.saw('queued events delivered');
        socket.close();
      },
      { maxRuns: 2, held: 'each event posted while connecting came once, after hello' },
    );
  },
});
