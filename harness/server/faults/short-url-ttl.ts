import { REQUIRES } from '../../protocol/requirements.js';
import { defineFault } from './fault.js';

export default defineFault({
  name: 'short-url-ttl',
  kind: 'fault',
  description: 'socket URLs expire after half the configured lifetime',
  caughtBy: {
    'url.expiry': REQUIRES.urlWorksWithinLifetime,
  },
  apply(b) {
    b.urlTtlFactor = 0.5;
  },
});
