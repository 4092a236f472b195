import { defineFault } from './fault.js';

export default defineFault({
  name: 'short-url-ttl',
  kind: 'fault',
  description: 'socket URLs expire after half the configured lifetime',
  caughtBy: {
    'url.expiry': 'hello when used',
  },
  apply(b) {
    b.urlTtlFactor = 0.5;
  },
});
