import { defineFault } from './fault.js';

export default defineFault({
  name: 'typing-replies',
  kind: 'fault',
  description: 'a successful typing indicator gets an ok:true reply',
  apply(b) {
    b.replyToTyping = true;
  },
});
