/** The process-wide monotonic clock in ms: the same in every thread, unlike performance.now(). */
export function monotonicMs(): number {
  const [s, ns] = process.hrtime();
  return s * 1e3 + ns / 1e6;
}
