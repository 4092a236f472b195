import { defineFault } from './fault.js';

export default defineFault({
  name: 'presence-to-all',
  kind: 'fault',
  description: 'presence changes go to every connection, subscribed or not',
  caughtBy: {
    'presence.only-subscribed': 'no presence_change about unsubscribed',
  },
  apply(b) {
    b.presenceToSubscribersOnly = false;
  },
});
