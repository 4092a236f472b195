import * as hdr from 'hdr-histogram-js';

/** Latencies in µs, 1 µs to 60 s, 3 significant digits: the one place histograms are built. */
export const LOWEST_US = 1;
export const HIGHEST_US = 60_000_000;

export type Histogram = hdr.Histogram;

export function newHistogram(): Histogram {
  return hdr.build({
    lowestDiscernibleValue: LOWEST_US,
    highestTrackableValue: HIGHEST_US,
    numberOfSignificantValueDigits: 3,
    autoResize: false,
    bitBucketSize: 32,
  });
}

/** Records a duration in ms as whole µs, clamped into the histogram's range (never throws). */
export function recordMs(h: Histogram, ms: number): void {
  h.recordValue(clampedUs(ms));
}

/** ms to whole µs within the histogram's range. */
function clampedUs(ms: number): number {
  const us = Math.round(ms * 1000);
  return us < LOWEST_US ? LOWEST_US : Math.min(us, HIGHEST_US);
}

/**
 * Records how late a sleep of `sleepMs` woke up, as jHiccup does: a stall that swallowed k wake-ups also
 * records what each of them would have seen (late − sleep, late − 2·sleep, ... while at least one sleep), so
 * the distribution is the one a sender due every `sleepMs` would see, comparable with its send lag.
 */
export function recordHiccup(h: Histogram, lateMs: number, sleepMs: number): void {
  h.recordValueWithExpectedInterval(clampedUs(lateMs), sleepMs * 1000);
}

export function encode(h: Histogram): string {
  return hdr.encodeIntoCompressedBase64(h);
}

/** Adds encoded histograms into one (the merge of workers' and shards' results: lossless). */
export function merged(encoded: readonly string[]): Histogram {
  const total = newHistogram();
  for (const e of encoded) {
    const h = hdr.decodeFromCompressedBase64(e);
    total.add(h);
    h.destroy();
  }
  return total;
}

export interface Percentiles {
  count: number;
  p50: number;
  p90: number;
  p99: number;
  'p99.9': number;
  'p99.99': number;
  max: number;
}

/** The percentiles a report shows, in µs (max as the top bucket's value, so merged and single histograms agree). */
export function percentiles(h: Histogram): Percentiles {
  const at = (p: number) => (h.totalCount === 0 ? 0 : h.getValueAtPercentile(p));
  return {
    count: h.totalCount,
    p50: at(50),
    p90: at(90),
    p99: at(99),
    'p99.9': at(99.9),
    'p99.99': at(99.99),
    max: at(100),
  };
}

/** Percentiles of encoded histograms added together. */
export function percentilesOf(encoded: readonly string[]): Percentiles {
  const h = merged(encoded);
  const p = percentiles(h);
  h.destroy();
  return p;
}

/** The percentile distribution as wrk2 prints it, in ms. */
export function hgrm(h: Histogram): string {
  return h.outputPercentileDistribution(5, 1000);
}

export { hdr };
