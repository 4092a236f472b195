import { defineFault } from './fault.js';

/**
 * rtm.connect limited to 50 calls/s per user, bursts of 20, answered HTTP 429 with Retry-After: 1, as Slack's Web
 * API answers a reconnect storm (https://api.slack.com/legacy/rtm#connecting_with_rtm.connect). The fleet must
 * count each 429 and wait before it tries again.
 */
export default defineFault({
  name: 'connect-rate-limited',
  kind: 'load',
  description: 'rtm.connect answers HTTP 429 (Retry-After: 1) past 50 calls/s per user, bursts of 20',
  apply(b) {
    b.forcedConnectRateLimit = { perSecond: 50, burst: 20, disconnectAfter: Number.POSITIVE_INFINITY };
  },
});
