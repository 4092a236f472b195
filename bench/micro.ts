import { Bench } from 'tinybench';
import { newHistogram, recordMs } from '../harness/load/histograms.js';

/** tinybench over the load module's hot internals: the frame it builds, its correlation map, the histogram record. */
export async function microBenchmarks(quick: boolean): Promise<{ name: string; opsPerSec: number; meanNs: number }[]> {
  const bench = new Bench({ time: quick ? 200 : 1000 });
  let id = 0;
  const channel = JSON.stringify('C0RANDOM1');
  const pending = new Map<number, { dueMs: number; sentMs: number }>();
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
    .add('correlation map set + get + delete', () => {
      id += 1;
      pending.set(id, { dueMs: id, sentMs: id });
      const p = pending.get(id);
      pending.delete(id);
      return p;
    })
    .add('ack parse (JSON.parse of an ack)', () =>
      JSON.parse('{"ok":true,"reply_to":12345,"ts":"1700000000.000123","text":"load 12345"}'),
    )
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
