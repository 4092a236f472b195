import { defineFault } from './fault.js';

/** Legal: "If you do you may receive an error message or be disconnected." The suites must pace themselves. */
export default defineFault({
  name: 'rate-limited',
  kind: 'variation',
  description:
    'a per-connection rate limit of 10 msg/s, bursts of 30, disconnect after 60 more in a row (code -1 replies)',
  apply(b) {
    b.forcedRateLimit = { perSecond: 10, burst: 30, disconnectAfter: 60 };
  },
});
