import { defineFault } from './fault.js';

export default defineFault({
  name: 'error-without-reply-to',
  kind: 'fault',
  description: 'ok:false replies lack reply_to',
  caughtBy: {
    'errors.text-missing': 'reply_to',
  },
  apply(b) {
    b.errorRepliesCarryReplyTo = false;
  },
});
