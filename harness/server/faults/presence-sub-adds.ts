import { REQUIRES } from '../../protocol/requirements.js';
import { defineFault } from './fault.js';

export default defineFault({
  name: 'presence-sub-adds',
  kind: 'fault',
  description: 'presence_sub adds to the subscription instead of replacing it',
  caughtBy: {
    'presence.sub-replaces': REQUIRES.subscriptionReplaced,
  },
  apply(b) {
    b.presenceSubReplace = false;
  },
});
