/**
 * The wake thread: it sleeps until the time its sender asks for and then wakes the sender's event loop.
 * Node's timers have a 1 ms granularity and fire up to a millisecond late, so a sender that sleeps on them
 * either spins the last stretch (a core at 1k msg/s) or sends late; Atomics.wait sleeps to the microsecond,
 * and Atomics.notify reaches the sender's Atomics.waitAsync through its event loop at once.
 *
 * Shared cells (Int32): 0 = request generation (-1: stop), 1 = fired generation; Float64 at byte 8: when to
 * wake, in ms of the process-wide monotonic clock (hrtime; performance.now() differs from thread to thread).
 * A new request interrupts the sleep of the previous one.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { monotonicMs } from './monotonic.js';
import { preciseTimers } from './timer-slack.js';

const cells = new Int32Array(workerData as SharedArrayBuffer, 0, 2);
const wakeAtMs = new Float64Array(workerData as SharedArrayBuffer, 8, 1);
// Loaded and about to sleep (precisely, see timer-slack): the sender may start its schedule.
parentPort!.postMessage({ ready: true, preciseTimers: preciseTimers() });
for (;;) {
  const request = Atomics.load(cells, 0);
  if (request < 0) break;
  const delay = wakeAtMs[0] - monotonicMs();
  if (delay > 0) {
    Atomics.wait(cells, 0, request, delay);
    continue;
  }
  if (Atomics.load(cells, 1) !== request) {
    Atomics.store(cells, 1, request);
    Atomics.notify(cells, 1);
  }
  // Served: sleep until the next request.
  Atomics.wait(cells, 0, request);
}
