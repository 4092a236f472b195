/**
 * The hiccup meter's thread (the jHiccup idea): it does nothing but sleep 1 ms at a time and record how much
 * later than asked it woke up. What it sees is the machine's own stalls (scheduling, other tenants, GC of the
 * process), the floor no sender on this machine can beat. Atomics.wait is a real sleep, not a timer queue.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { type Histogram, encode, newHistogram, recordMs } from './histograms.js';

const control = new Int32Array(workerData.control as SharedArrayBuffer);
const sleeper = new Int32Array(new SharedArrayBuffer(4));
const byStep = new Map<number, Histogram>();
while (Atomics.load(control, 1) === 0) {
  const before = performance.now();
  Atomics.wait(sleeper, 0, 0, 1);
  const late = performance.now() - before - 1;
  const step = Atomics.load(control, 0);
  if (step < 0) continue;
  let h = byStep.get(step);
  if (!h) byStep.set(step, (h = newHistogram()));
  recordMs(h, Math.max(0, late));
}
parentPort!.postMessage(Object.fromEntries([...byStep].map(([step, h]) => [step, encode(h)])));
