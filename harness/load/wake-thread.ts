import type { Worker } from 'node:worker_threads';
import { moduleWorker } from './module-worker.js';
import { monotonicMs } from './monotonic.js';

/**
 * A precise sleep for the sender's event loop, served by wake-worker: `until(t)` resolves at
 * performance.now() ≈ t (within the machine's own wake-up latency, what the hiccup meter measures), while
 * the event loop goes on reading acks. One request at a time: a new one replaces the previous.
 */
export class WakeThread {
  private readonly cells = new Int32Array(new SharedArrayBuffer(16), 0, 2);
  private readonly wakeAtMs = new Float64Array(this.cells.buffer, 8, 1);
  private readonly worker: Worker;
  private generation = 0;
  /** The thread has ended (stopped, or crashed): waits are served by the event loop's next turn instead. */
  private gone = false;
  /** Resolves once the thread is loaded and sleeping: wake-ups asked for before would be late by its start-up. */
  readonly ready: Promise<void>;
  /** Whether the thread got a 1 ns timer slack (see timer-slack); known once ready. */
  preciseTimers = false;

  constructor() {
    this.worker = moduleWorker('wake-worker', this.cells.buffer);
    this.ready = new Promise((resolve, reject) => {
      this.readyFailed = reject;
      this.worker.once('message', (m: { preciseTimers?: boolean }) => {
        this.preciseTimers = m.preciseTimers === true;
        // From now on it never keeps the process alive: the sender stops it, and nothing waits on its exit.
        this.worker.unref();
        resolve();
      });
      this.worker.once('error', reject);
    });
    this.worker.once('exit', (code) => {
      this.gone = true;
      // A wait it would have ended must not hang: wake it, and refuse to start if it never did.
      Atomics.notify(this.cells, 1);
      this.readyFailed(new Error(`the wake thread exited (${code}) before it started`));
    });
  }

  private readyFailed: (e: Error) => void = () => undefined;

  until(t: number): Promise<void> {
    if (this.gone) return new Promise((resolve) => setImmediate(resolve));
    this.generation += 1;
    const fired = Atomics.load(this.cells, 1);
    this.wakeAtMs[0] = monotonicMs() + (t - performance.now());
    Atomics.store(this.cells, 0, this.generation);
    Atomics.notify(this.cells, 0);
    const wait = Atomics.waitAsync(this.cells, 1, fired);
    return wait.async ? wait.value.then(() => undefined) : Promise.resolve();
  }

  stop(): void {
    Atomics.store(this.cells, 0, -1);
    Atomics.notify(this.cells, 0);
  }
}
