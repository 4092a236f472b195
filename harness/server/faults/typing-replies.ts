import { REQUIRES } from '../../protocol/requirements.js';
import { defineFault } from './fault.js';

export default defineFault({
  name: 'typing-replies',
  kind: 'fault',
  description: 'a successful typing indicator gets an ok:true reply',
  caughtBy: {
    'typing.no-reply': REQUIRES.noReplyToTyping,
  },
  apply(b) {
    b.replyToTyping = true;
  },
});
