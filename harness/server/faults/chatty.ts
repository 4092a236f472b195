import { defineFault } from './fault.js';

/** Legal: "New event types will be added in the future, clients should be able to handle unexpected event types." */
export default defineFault({
  name: 'chatty',
  kind: 'variation',
  description: 'an unknown server event type follows hello and every reply',
  apply(b) {
    b.chatty = true;
  },
});
