import { defineFault } from './fault.js';

export default defineFault({
  name: 'short-url-ttl',
  kind: 'fault',
  description: 'socket URLs expire after half the configured lifetime',
  apply(b) {
    b.urlTtlFactor = 0.5;
  },
});
