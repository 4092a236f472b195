import { defineFault } from './fault.js';

/**
 * Legal, and what `serve` does by default: "Clients should not send more than one message per second sustained.
 * If you do you may receive an error message or be disconnected." 1 message/s, bursts of 20, a disconnect after
 * 40 more limited messages in a row.
 */
export default defineFault({
  name: 'slack-rate-limit',
  kind: 'variation',
  description:
    "a per-connection rate limit of 1 msg/s, bursts of 20, disconnect after 40 more in a row (serve's default)",
  apply(b) {
    b.forcedRateLimit = { perSecond: 1, burst: 20, disconnectAfter: 40 };
  },
});
