import { REQUIRES } from '../../protocol/requirements.js';
import { defineFault } from './fault.js';

export default defineFault({
  name: 'reusable-url',
  kind: 'fault',
  description: 'a socket URL can be used again within its lifetime',
  caughtBy: {
    'url.single-use': REQUIRES.oneHelloPerUrl,
  },
  apply(b) {
    b.consumeTickets = false;
  },
});
