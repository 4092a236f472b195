import { defineFault } from './fault.js';

export default defineFault({
  name: 'typing-replies',
  kind: 'fault',
  description: 'a successful typing indicator gets an ok:true reply',
  caughtBy: {
    'typing.no-reply': 'no reply to typing',
  },
  apply(b) {
    b.replyToTyping = true;
  },
});
