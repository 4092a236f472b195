import { fc, test } from '@fast-check/vitest';
import { existsSync, readFileSync, readlinkSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { newHistogram, recordHiccup } from '../../../harness/load/histograms.js';
import { Pacer, waitKind } from '../../../harness/load/pacer.js';
import { WakeThread } from '../../../harness/load/wake-thread.js';
import { HiccupMeter } from '../../../harness/load/hiccups.js';
import { preciseTimers } from '../../../harness/load/timer-slack.js';

describe('load: the pacer (how the sender waits for a due time)', () => {
  test.prop([fc.double({ min: -5, max: 50, noNaN: true }), fc.boolean()])(
    'spin always spins; lean blocks its own thread only with no reply outstanding, spins only when the due time is near, and sleeps on a timer only when it is far',
    (waitMs, nothingOutstanding) => {
      expect(waitKind('spin', waitMs, nothingOutstanding)).toBe('spin');
      const kind = waitKind('lean', waitMs, nothingOutstanding);
      if (waitMs <= 0) expect(kind).toBe('spin');
      else if (waitMs > 3) expect(kind).toBe('timer');
      // Nothing to time meanwhile: the rest of the wait blocks, unless it is too short to be worth a wake-up.
      else if (nothingOutstanding) expect(kind).toBe(waitMs < 0.03 ? 'spin' : 'block');
      // Replies to time: never block; spin when near, else the wake thread.
      else expect(kind).toBe(waitMs < 0.3 ? 'spin' : 'thread');
    },
  );

  it('never calls back before the due time, whichever wait it picks, and only the latest request is served', async () => {
    const pacer = new Pacer('lean', () => outstanding === 0);
    let outstanding = 0;
    await pacer.ready;
    try {
      await fc.assert(
        fc.asyncProperty(fc.double({ min: 0, max: 6, noNaN: true }), fc.boolean(), async (inMs, replyOut) => {
          outstanding = replyOut ? 1 : 0;
          const fired: string[] = [];
          const due = performance.now() + inMs;
          pacer.at(due + 50, () => fired.push('replaced'));
          const firedAt = await new Promise<number>((resolve) =>
            pacer.at(due, () => {
              fired.push('latest');
              resolve(performance.now());
            }),
          );
          expect(firedAt).toBeGreaterThanOrEqual(due);
          await new Promise((r) => setTimeout(r, 60));
          expect(fired).toEqual(['latest']);
        }),
        // One of each wait: spin (near, a reply out), block, wake thread, timer.
        {
          numRuns: 12,
          examples: [
            [0.25, true],
            [1, false],
            [1, true],
            [5, true],
          ],
        },
      );
    } finally {
      pacer.stop();
    }
  });
});

describe('load: the spinning pacer', () => {
  it('spins until the due time and never calls back before it', async () => {
    const pacer = new Pacer('spin', () => false);
    await pacer.ready;
    for (const inMs of [0, 0.5, 2]) {
      const due = performance.now() + inMs;
      const firedAt = await new Promise<number>((resolve) => pacer.at(due, () => resolve(performance.now())));
      expect(firedAt).toBeGreaterThanOrEqual(due);
    }
    pacer.stop();
  });
});

describe('load: the hiccup meter records as jHiccup does', () => {
  it('a stall that swallowed several 1 ms wake-ups also records what each of them would have seen', () => {
    const h = newHistogram();
    recordHiccup(h, 3.5, 1);
    // 3.5 ms, then the wake-ups it swallowed at 2.5 ms and 1.5 ms (HdrHistogram stops at one interval).
    expect(h.totalCount).toBe(3);
    expect(h.minNonZeroValue).toBeGreaterThanOrEqual(1499);
    expect(h.minNonZeroValue).toBeLessThanOrEqual(1501);
    expect(h.maxValue).toBeGreaterThanOrEqual(3499);
    const quiet = newHistogram();
    recordHiccup(quiet, 0.08, 1);
    expect(quiet.totalCount).toBe(1);
  });
});

describe('load: the wake thread', () => {
  it('does not leave a wait hanging when its thread dies, and serves later waits without it', async () => {
    const wake = new WakeThread();
    await wake.ready;
    // 'woken' if the wait has ended within a few event-loop turns of `after`, else 'hanging' (turns, not time).
    const outcome = async (wait: Promise<void>, after: Promise<unknown>) => {
      let resolved = false;
      void wait.then(() => (resolved = true));
      await after;
      // The exit's Atomics.notify settles the wait within a turn or two (no other thread involved): allow 20.
      for (let k = 0; k < 20 && !resolved; k++) await new Promise((r) => setImmediate(r));
      return resolved ? 'woken' : 'hanging';
    };
    const worker = (wake as unknown as { worker: { terminate(): Promise<number> } }).worker;
    // Due in a minute: only the thread's death can end it within this test.
    const pending = wake.until(performance.now() + 60_000);
    expect(await outcome(pending, worker.terminate())).toBe('woken');
    // With the thread gone, a later wait is served by the event loop instead of hanging on a dead thread.
    expect(await outcome(wake.until(performance.now() + 60_000), Promise.resolve())).toBe('woken');
    wake.stop();
  });
});

describe('load: precise timers', () => {
  it('a thread that asks gets a 1 ns timer slack, and the wake thread and the hiccup meter ask as the sender does', async () => {
    // Required where the kernel has per-thread slack files (Linux ≥ 4.6); elsewhere every thread says false alike.
    const can = preciseTimers();
    expect(can).toBe(existsSync('/proc/thread-self') && existsSync('/proc/self/timerslack_ns'));
    if (can)
      expect(
        readFileSync(`/proc/${readlinkSync('/proc/thread-self').split('/').pop()}/timerslack_ns`, 'utf8').trim(),
      ).toBe('1');
    const wake = new WakeThread();
    const meter = new HiccupMeter();
    await Promise.all([wake.ready, meter.ready]);
    wake.stop();
    await meter.stop();
    // The meter's baseline is only fair if it sleeps as the sender's threads do.
    expect(wake.preciseTimers).toBe(can);
    expect(meter.preciseTimers).toBe(can);
  });
});
