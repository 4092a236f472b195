import { HarnessError } from '../errors.js';

/** The wall clock in ms since the epoch, read through performance (a monotonic clock anchored at its origin). */
export function wallMs(): number {
  return performance.timeOrigin + performance.now();
}

/** How far ahead a start may be set: a typo of a day should not leave a shard waiting silently. */
const MAX_AHEAD_MS = 60 * 60_000;

/**
 * `--start-at TIME`: an ISO 8601 instant with its zone (2026-12-03T10:00:00Z) or `+Ns` from now. Shards given the
 * same instant begin their warm-up, and so their steps, together. One line naming the flag for anything else.
 */
export function parseStartAt(text: string, now = wallMs()): number {
  const relative = /^\+(\d+(?:\.\d+)?)s$/.exec(text);
  // Date.parse reads the instant; nothing is timed with it.
  const at = relative
    ? now + Number(relative[1]) * 1000
    : /[zZ]|[+-]\d\d:?\d\d$/.test(text)
      ? Date.parse(text)
      : Number.NaN;
  if (Number.isNaN(at))
    throw new HarnessError(
      'E_USAGE',
      `--start-at: expected an ISO 8601 time with its zone (…T10:00:00Z) or +Ns, got "${text}"`,
    );
  if (at < now) throw new HarnessError('E_USAGE', `--start-at ${text}: that time has passed`);
  if (at - now > MAX_AHEAD_MS) throw new HarnessError('E_USAGE', `--start-at ${text}: more than an hour away`);
  return at;
}

/** Sleeps until the wall clock reads `at` (at once when it already has). */
export async function waitUntil(at: number | undefined): Promise<void> {
  if (at === undefined) return;
  const ms = at - wallMs();
  if (ms > 0) await new Promise((r) => setTimeout(r, ms));
}
