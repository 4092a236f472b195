/**
 * The hiccup meter's thread (the jHiccup idea): it does nothing but sleep 1 ms at a time and record how much
 * later than asked it woke up. What it sees is the machine's own stalls (scheduling, other tenants, GC of the
 * process), the floor no sender on this machine can beat. Atomics.wait is a real sleep, not a timer queue.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { type Histogram, encode, newHistogram, recordHiccup } from './histograms.js';
import { preciseTimers } from './timer-slack.js';

/** jHiccup's default resolution. */
const SLEEP_MS = 1;
const control = new Int32Array(workerData.control as SharedArrayBuffer);
const sleeper = new Int32Array(new SharedArrayBuffer(4));
const byStep = new Map<number, Histogram>();
// Sleeps as the sender's threads do (see timer-slack), so that its stalls are theirs.
parentPort!.postMessage({ ready: true, preciseTimers: preciseTimers() });
while (Atomics.load(control, 1) === 0) {
  const before = performance.now();
  Atomics.wait(sleeper, 0, 0, SLEEP_MS);
  const late = performance.now() - before - SLEEP_MS;
  const step = Atomics.load(control, 0);
  if (step < 0) continue;
  let h = byStep.get(step);
  if (!h) {
    h = newHistogram();
    byStep.set(step, h);
  }
  recordHiccup(h, late, SLEEP_MS);
}
parentPort!.postMessage(Object.fromEntries([...byStep].map(([step, h]) => [step, encode(h)])));
