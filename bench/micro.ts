import { Bench } from 'tinybench';
import { okAckId } from '../harness/load/ack-scan.js';
import { newHistogram, recordMs } from '../harness/load/histograms.js';
import { PendingMessages } from '../harness/load/pending.js';

/**
 * tinybench over the load module's hot internals: the frame it builds, its correlation ring (and the Map it
 * replaced), the ack scan (and JSON.parse, which it replaced for plain ok acks), the histogram record.
 */
export async function microBenchmarks(quick: boolean): Promise<{ name: string; opsPerSec: number; meanNs: number }[]> {
  const bench = new Bench({ time: quick ? 200 : 1000 });
  let id = 0;
  const channel = JSON.stringify('C0RANDOM1');
  const pending = new Map<number, { dueMs: number; sentMs: number }>();
  const ring = new PendingMessages();
  let ringId = 0;
  const ack = Buffer.from('{"ok":true,"reply_to":12345,"ts":"1700000000.000123","text":"load 12345"}');
  const h = newHistogram();
  let v = 0;
  bench
    .add('frame build (template string)', () => {
      id += 1;
      return `{"id":${id},"type":"message","channel":${channel},"text":"load ${id}"}`;
    })
    .add('frame build (JSON.stringify, for comparison)', () => {
      id += 1;
      return JSON.stringify({ id, type: 'message', channel: 'C0RANDOM1', text: `load ${id}` });
    })
    .add('correlation ring add + take (the sender)', () => {
      ringId += 1;
      ring.add(ringId, ringId, ringId);
      ring.take(ringId);
      return ring.dueMs;
    })
    .add('correlation map set + get + delete (before)', () => {
      id += 1;
      pending.set(id, { dueMs: id, sentMs: id });
      const p = pending.get(id);
      pending.delete(id);
      return p;
    })
    .add('ack scan (reply_to off the bytes: the sender)', () => okAckId(ack))
    .add('ack parse (toString + JSON.parse: before, and the rest)', () => JSON.parse(ack.toString()))
    .add('histogram record (µs, clamped)', () => {
      v = (v + 7919) % 5000;
      recordMs(h, v / 100);
    });
  await bench.run();
  return bench.tasks.map((t) => {
    const r = t.result as unknown as {
      throughput?: { mean: number };
      latency?: { mean: number };
      hz?: number;
      mean?: number;
    };
    const opsPerSec = r.throughput?.mean ?? r.hz ?? 0;
    const meanMs = r.latency?.mean ?? r.mean ?? 0;
    return { name: t.name, opsPerSec, meanNs: meanMs * 1e6 };
  });
}
