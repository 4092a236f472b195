import { REQUIRES } from '../../protocol/requirements.js';
import { defineFault } from './fault.js';

export default defineFault({
  name: 'no-user-typing',
  kind: 'fault',
  description: 'typing is accepted silently but user_typing never reaches the other members',
  caughtBy: {
    'typing.user-typing-to-members': REQUIRES.userTypingToMembers,
  },
  apply(b) {
    b.broadcastTyping = false;
  },
});
