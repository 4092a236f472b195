import { defineFault } from './fault.js';

export default defineFault({
  name: 'no-expiry',
  kind: 'fault',
  description: 'socket URLs never expire',
  caughtBy: {
    'url.expiry': 'Socket URL has expired',
  },
  apply(b) {
    b.expireTickets = false;
  },
});
