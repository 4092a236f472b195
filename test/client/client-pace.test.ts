import { describe, expect, it } from 'vitest';
import { busiestWindow, withinPace } from '../../harness/protocol/client-pace.js';

/** Send times of `n` messages: `burst` at once, then one every 1000 / `perSecond` ms, each moved by `jitter(i)` ms. */
function paced(n: number, burst: number, perSecond: number, jitter: (i: number) => number = () => 0): number[] {
  return Array.from({ length: n }, (_, i) => (i < burst ? 0 : ((i - burst + 1) * 1000) / perSecond) + jitter(i));
}

const keeps = (sent: number[]) => withinPace(busiestWindow(sent)!);

describe("client.rate's reading of the page: a burst of 5, then 1 message per second sustained", () => {
  it('passes a burst of 5 then 1/s, also when every frame is timed up to 400 ms late or early', () => {
    expect(keeps(paced(20, 5, 1))).toBe(true);
    expect(keeps(paced(20, 5, 1, (i) => (i % 2 ? 200 : -200)))).toBe(true);
    expect(keeps(paced(20, 0, 1))).toBe(true);
  });

  it('warns for 1.8/s and 1.5/s sustained, with or without a burst first, and for a burst of 6', () => {
    expect(keeps(paced(20, 5, 1.8))).toBe(false);
    expect(keeps(paced(20, 0, 1.8))).toBe(false);
    expect(keeps(paced(20, 5, 1.5))).toBe(false);
    // 1.5/s without a burst goes over once the 5 it never took are spent: by the 15th message.
    expect(keeps(paced(14, 1, 1.5))).toBe(true);
    expect(keeps(paced(15, 1, 1.5))).toBe(false);
    expect(keeps(paced(6, 6, 1))).toBe(false);
  });

  it('catches any sustained rate over 1/s, given enough messages (1.1/s after a burst: within 20)', () => {
    expect(keeps(paced(20, 5, 1.1))).toBe(false);
  });

  it('names the busiest window: where the excess is', () => {
    const w = busiestWindow(paced(10, 8, 1))!;
    expect(w).toMatchObject({ first: 1, last: 8, count: 8, spanMs: 0 });
    expect(w.allowed).toBeCloseTo(5.5);
  });
});
