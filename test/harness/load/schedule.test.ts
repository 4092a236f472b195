import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  connectionFor,
  dueMs,
  parseRamp,
  parseShard,
  shardSlice,
  splitConnections,
} from '../../../harness/load/schedule.js';
import { evaluate, parseThreshold } from '../../../harness/load/thresholds.js';
import { encode, merged, newHistogram, percentiles, recordMs } from '../../../harness/load/histograms.js';

describe('load: schedule arithmetic', () => {
  it('puts message i at i/rate and message i on connection i mod n', () => {
    expect(dueMs(0, 1000)).toBe(0);
    expect(dueMs(1500, 1000)).toBe(1500);
    expect(dueMs(3, 4)).toBe(750);
    expect([0, 1, 2, 3, 4, 5].map((i) => connectionFor(i, 4))).toEqual([0, 1, 2, 3, 0, 1]);
  });

  it('keeps due times strictly increasing, one interval apart (seed 5)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100_000 }),
        fc.nat({ max: 10_000 }),
        (rate, i) =>
          dueMs(i + 1, rate) > dueMs(i, rate) && Math.abs(dueMs(i + 1, rate) - dueMs(i, rate) - 1000 / rate) < 1e-6,
      ),
      { seed: 5, numRuns: 500 },
    );
  });

  it('parses ramps into evenly spaced steps and refuses bad ones', () => {
    expect(parseRamp('1000:20000:5')).toEqual([1000, 5750, 10500, 15250, 20000]);
    expect(parseRamp('500:900:1')).toEqual([500]);
    expect(() => parseRamp('1000-2000')).toThrow(/FROM:TO:STEPS/);
    expect(() => parseRamp('0:10:2')).toThrow(/positive/);
  });

  it('slices connections and rate over shards and workers without losing any', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 500 }), fc.integer({ min: 1, max: 20 }), (connections, n) => {
        fc.pre(n <= connections);
        const slices = Array.from({ length: n }, (_, k) => shardSlice(connections, 1000, { index: k + 1, count: n }));
        const total = slices.reduce((a, s) => a + s.connections, 0);
        const rate = slices.reduce((a, s) => a + s.rate, 0);
        const split = splitConnections(connections, n);
        return (
          total === connections &&
          Math.abs(rate - 1000) < 1e-6 &&
          split.reduce((a, b) => a + b, 0) === connections &&
          split.every((c) => c > 0)
        );
      }),
      { seed: 6, numRuns: 300 },
    );
    expect(parseShard('2/4')).toEqual({ index: 2, count: 4 });
    expect(() => parseShard('5/4')).toThrow(/between 1 and n/);
  });
});

describe('load: thresholds and histograms', () => {
  it('parses and evaluates k6-style thresholds', () => {
    expect(parseThreshold('p99<5ms')).toMatchObject({ metric: 'p99', op: '<', value: 5000 });
    expect(parseThreshold('p99.9 < 20ms')).toMatchObject({ metric: 'p99.9', value: 20_000 });
    expect(parseThreshold('achieved>=99%')).toMatchObject({ metric: 'achieved', op: '>=', value: 0.99 });
    expect(evaluate(parseThreshold('errors==0'), 0).ok).toBe(true);
    expect(evaluate(parseThreshold('missing==0'), 3).ok).toBe(false);
    expect(evaluate(parseThreshold('p99<5ms'), 5000).ok).toBe(false);
    expect(() => parseThreshold('p99<5')).toThrow(/unit/);
    expect(() => parseThreshold('latency<5ms')).toThrow(/unknown metric/);
  });

  it('merges two shards into exactly the histogram of one run on the same data (seed 8)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0.001, max: 60_000, noNaN: true }), { minLength: 1, maxLength: 300 }),
        fc.nat(),
        (values, cut) => {
          const one = newHistogram();
          const a = newHistogram();
          const b = newHistogram();
          values.forEach((v, i) => {
            recordMs(one, v);
            recordMs(i < cut % (values.length + 1) ? a : b, v);
          });
          const both = merged([encode(a), encode(b)]);
          const same =
            JSON.stringify(percentiles(both)) === JSON.stringify(percentiles(one)) && both.totalCount === values.length;
          for (const h of [one, a, b, both]) h.destroy();
          return same;
        },
      ),
      { seed: 8, numRuns: 100 },
    );
  });
});
