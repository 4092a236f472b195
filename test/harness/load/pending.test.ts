import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { PendingMessages } from '../../../harness/load/pending.js';

/** Operations on one connection: send the next id, take an id (answered, maybe twice or never sent), expire. */
const op = fc.oneof(
  fc.constant({ kind: 'send' as const }),
  fc.record({ kind: fc.constant('take' as const), id: fc.integer({ min: -2, max: 3000 }) }),
  fc.record({ kind: fc.constant('expire' as const), age: fc.integer({ min: 0, max: 3000 }) }),
  // Old enough that over a thousand stay pending: the ring wraps and grows.
  fc.record({ kind: fc.constant('expire' as const), age: fc.integer({ min: 1100, max: 1600 }) }),
);

describe('load: pending messages', () => {
  it("keeps each message's times while more are pending than its first ring holds", () => {
    const ring = new PendingMessages();
    for (let id = 1; id <= 5000; id++) ring.add(id, id * 2, id * 3);
    for (const id of [1, 1024, 1025, 2049, 4999, 5000]) {
      expect(ring.take(id)).toBe(true);
      expect([ring.dueMs, ring.sentMs]).toEqual([id * 2, id * 3]);
    }
    expect(ring.take(1)).toBe(false);
    expect(ring.size).toBe(4994);
  });

  // Mostly sends, so the ring wraps and grows past its first 1024 slots.
  test.prop(
    [
      fc.array(fc.oneof({ arbitrary: fc.constant({ kind: 'send' as const }), weight: 8 }, op), {
        minLength: 1500,
        maxLength: 2500,
      }),
    ],
    { numRuns: 30 },
  )('answers take and expire as a Map of id to times in send order does', (ops) => {
    const ring = new PendingMessages();
    const model = new Map<number, { due: number; sent: number }>();
    let id = 0;
    for (const o of ops) {
      if (o.kind === 'send') {
        id += 1;
        // Send time = id: expiry by age is then expiry of the oldest ids.
        ring.add(id, id + 0.5, id);
        model.set(id, { due: id + 0.5, sent: id });
      } else if (o.kind === 'take') {
        const want = model.get(o.id);
        expect(ring.take(o.id)).toBe(want !== undefined);
        if (want) expect([ring.dueMs, ring.sentMs]).toEqual([want.due, want.sent]);
        model.delete(o.id);
      } else {
        const gone: number[] = [];
        ring.expire(id - o.age, (g) => gone.push(g));
        const wantGone = [...model.keys()].filter((k) => model.get(k)!.sent <= id - o.age);
        for (const k of wantGone) model.delete(k);
        expect(gone).toEqual(wantGone);
      }
      expect(ring.size).toBe(model.size);
    }
  });
});
