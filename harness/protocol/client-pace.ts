/**
 * The RTM page's send rate, as a number a client check can hold a client to: "Clients should not send more than
 * one message per second sustained. If you do you may receive an error message or be disconnected."
 * (https://api.slack.com/legacy/rtm#limits). "Sustained" leaves room for bursts; Slack's rate-limit page says of
 * posting "1 per second, short bursts >1 allowed" (https://api.slack.com/apis/rate-limits#rtm) without a size, so
 * the burst is our reading: the same 5 the reference server's limiter allows in client mode.
 */
export const SUSTAINED_PER_SECOND = 1;
/** Messages a client may send at once before the 1 per second applies. */
export const BURST_MESSAGES = 5;
/** Timing noise forgiven in every window: a frame is timed when the server reads it, not when the client sent it. */
export const PACE_SLACK_MS = 500;

/** The window of a client's messages that came closest to (or went furthest over) the allowance. */
export interface PaceWindow {
  /** 1-based positions of its first and last message among those judged. */
  first: number;
  last: number;
  count: number;
  spanMs: number;
  /** BURST_MESSAGES + (spanMs + PACE_SLACK_MS) / 1000 × SUSTAINED_PER_SECOND. */
  allowed: number;
}

/** What a window of `spanMs` may hold: the burst, then one per second. */
export function allowedIn(spanMs: number): number {
  return BURST_MESSAGES + ((spanMs + PACE_SLACK_MS) / 1000) * SUSTAINED_PER_SECOND;
}

/**
 * The busiest window of `sent` (send times in ms, ascending): every stretch from one message to a later one is a
 * window, so a burst, a sustained rate and a burst after a pause are all held to the same bucket. A client keeps
 * the page's pace exactly when the busiest window's count is within its allowance. Undefined for no messages.
 */
export function busiestWindow(sent: readonly number[]): PaceWindow | undefined {
  let best: PaceWindow | undefined;
  for (let i = 0; i < sent.length; i++)
    for (let j = i; j < sent.length; j++) {
      const spanMs = sent[j] - sent[i];
      const window = { first: i + 1, last: j + 1, count: j - i + 1, spanMs, allowed: allowedIn(spanMs) };
      if (!best || window.count - window.allowed > best.count - best.allowed) best = window;
    }
  return best;
}

/** Whether a window holds no more than its allowance. */
export function withinPace(window: PaceWindow): boolean {
  return window.count <= window.allowed;
}

/** "messages 1–7: 7 in 1.2 s, allowed 6.7 (a burst of 5, then 1/s over 1.2 s + 0.5 s for timing)". */
export function describeWindow(w: PaceWindow): string {
  const span = (w.spanMs / 1000).toFixed(1);
  return `messages ${w.first}–${w.last}: ${w.count} in ${span} s, allowed ${w.allowed.toFixed(1)} (a burst of ${BURST_MESSAGES}, then ${SUSTAINED_PER_SECOND}/s over ${span} s + ${PACE_SLACK_MS / 1000} s for timing)`;
}
