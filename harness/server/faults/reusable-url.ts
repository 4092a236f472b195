import { defineFault } from './fault.js';

export default defineFault({
  name: 'reusable-url',
  kind: 'fault',
  description: 'a socket URL can be used again within its lifetime',
  apply(b) {
    b.consumeTickets = false;
  },
});
