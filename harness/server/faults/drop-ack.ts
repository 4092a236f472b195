import { REQUIRES } from '../../protocol/requirements.js';
import { defineFault } from './fault.js';

/** Every 7th message is posted but never acknowledged. */
export default defineFault({
  name: 'drop-ack',
  kind: 'fault',
  description: 'every 7th message on a connection is posted but its ack is never sent',
  caughtBy: {
    'reply.correlates': REQUIRES.replyToEveryMessage,
    'ids.replies-name-sent-ids': REQUIRES.everyIdAnswered,
  },
  apply(b) {
    b.transforms.push((out, ctx) => (out.kind === 'ack' && ctx.nth % 7 === 0 ? [] : [out]));
  },
});
