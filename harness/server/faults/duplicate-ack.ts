import { defineFault } from './fault.js';

/** Every 5th ack on a connection is sent twice: only runs of five or more messages see it. */
export default defineFault({
  name: 'duplicate-ack',
  kind: 'fault',
  description: 'every 5th message ack on a connection is sent twice',
  caughtBy: {
    'reply.correlates': 'exactly one reply to id',
    'ids.replies-name-sent-ids': 'one reply to id',
  },
  apply(b) {
    b.transforms.push((out, ctx) =>
      out.kind === 'ack' && ctx.nth % 5 === 0 ? [out, { ...out, delayMs: out.delayMs + 1 }] : [out],
    );
  },
});
