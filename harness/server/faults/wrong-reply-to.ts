import { REQUIRES } from '../../protocol/requirements.js';
import { defineFault } from './fault.js';

/** Every 4th ack names the id after the one it answers (an id not sent yet, or another message's). */
export default defineFault({
  name: 'wrong-reply-to',
  kind: 'fault',
  description: "every 4th ack carries reply_to = the message's id + 1",
  caughtBy: {
    'reply.correlates': REQUIRES.noStrayReplies,
    // The id it answers is left with no reply (checked first), and the next one gets two.
    'ids.replies-name-sent-ids': REQUIRES.everyIdAnswered,
  },
  apply(b) {
    b.transforms.push((out, ctx) => {
      if (out.kind !== 'ack' || ctx.nth % 4 !== 0 || typeof out.frame.reply_to !== 'number') return [out];
      return [{ ...out, frame: { ...out.frame, reply_to: out.frame.reply_to + 1 } }];
    });
  },
});
