import { REQUIRES } from '../../protocol/requirements.js';
import { defineFault } from './fault.js';

export default defineFault({
  name: 'no-expiry',
  kind: 'fault',
  description: 'socket URLs never expire',
  caughtBy: {
    'url.expiry': REQUIRES.expiredUrlRefused,
  },
  apply(b) {
    b.expireTickets = false;
  },
});
