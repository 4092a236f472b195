import { defineFault } from './fault.js';

export default defineFault({
  name: 'no-expiry',
  kind: 'fault',
  description: 'socket URLs never expire',
  apply(b) {
    b.expireTickets = false;
  },
});
