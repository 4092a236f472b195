import { REQUIRES } from '../../protocol/requirements.js';
import { defineFault } from './fault.js';

export default defineFault({
  name: 'error-without-reply-to',
  kind: 'fault',
  description: 'ok:false replies lack reply_to',
  caughtBy: {
    'errors.text-missing': REQUIRES.errorReplyTo,
  },
  apply(b) {
    b.errorRepliesCarryReplyTo = false;
  },
});
