import { REQUIRES } from '../../protocol/requirements.js';
import { defineFault } from './fault.js';

/** Every 5th ack on a connection is sent twice: only runs of five or more messages see it. */
export default defineFault({
  name: 'duplicate-ack',
  kind: 'fault',
  description: 'every 5th message ack on a connection is sent twice',
  caughtBy: {
    'reply.correlates': REQUIRES.exactlyOneReply,
    'ids.replies-name-sent-ids': REQUIRES.exactlyOneReply,
  },
  apply(b) {
    b.transforms.push((out, ctx) =>
      out.kind === 'ack' && ctx.nth % 5 === 0 ? [out, { ...out, delayMs: out.delayMs + 1 }] : [out],
    );
  },
});
