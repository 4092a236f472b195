import { REQUIRES } from '../../protocol/requirements.js';
import { defineFault } from './fault.js';

export default defineFault({
  name: 'presence-to-all',
  kind: 'fault',
  description: 'presence changes go to every connection, subscribed or not',
  caughtBy: {
    'presence.only-subscribed': REQUIRES.noPresenceUnsubscribed,
  },
  apply(b) {
    b.presenceToSubscribersOnly = false;
  },
});
