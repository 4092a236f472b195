/**
 * Per-connection message rate limit, as Slack words it: "Clients should not send more than one
 * message per second sustained. If you do you may receive an error message or be disconnected."
 * A token bucket: `perSecond` sustained, `burst` at once; `disconnectAfter` limited messages in a
 * row end the connection.
 */
export interface RateLimit {
  perSecond: number;
  burst: number;
  disconnectAfter: number;
}

/** Parses `off` or `RATE/s[:BURST[:DISCONNECT_AFTER]]` (e.g. `1/s:20:50`). Throws with the reason. */
export function parseRateLimit(text: string): RateLimit | false {
  if (text === 'off') return false;
  const m = /^(\d+(?:\.\d+)?)\/s(?::(\d+))?(?::(\d+))?$/.exec(text);
  if (!m) throw new Error(`expected "off" or RATE/s[:BURST[:DISCONNECT_AFTER]], got "${text}"`);
  const perSecond = Number(m[1]);
  if (perSecond <= 0) throw new Error('the rate must be above 0');
  const burst = m[2] ? Number(m[2]) : Math.max(1, Math.ceil(perSecond * 2));
  const disconnectAfter = m[3] ? Number(m[3]) : burst * 2;
  return { perSecond, burst, disconnectAfter };
}

export class TokenBucket {
  private tokens: number;
  private last = performance.now();
  private limitedInARow = 0;

  constructor(private readonly limit: RateLimit) {
    this.tokens = limit.burst;
  }

  /** 'ok' to process, 'limited' to answer code -1, 'disconnect' when the client kept going. */
  take(): 'ok' | 'limited' | 'disconnect' {
    const now = performance.now();
    this.tokens = Math.min(this.limit.burst, this.tokens + ((now - this.last) / 1000) * this.limit.perSecond);
    this.last = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      this.limitedInARow = 0;
      return 'ok';
    }
    this.limitedInARow += 1;
    return this.limitedInARow > this.limit.disconnectAfter ? 'disconnect' : 'limited';
  }
}

/** Seconds until a bucket of this limit refills one token (for `Retry-After`, an integer). */
export function retryAfterSeconds(limit: RateLimit): number {
  return Math.max(1, Math.ceil(1 / limit.perSecond));
}
