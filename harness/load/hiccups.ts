import { moduleWorker } from './module-worker.js';

/** The platform's own stalls, step by step, measured beside the senders by an idle thread (hiccup-worker). */
export class HiccupMeter {
  private readonly control = new Int32Array(new SharedArrayBuffer(8));
  private readonly result: Promise<Record<number, string>>;
  /** Resolves once the thread sleeps (or failed to start): its start-up is neither measured nor missed. */
  readonly ready: Promise<void>;
  /** Whether the meter's thread got a 1 ns timer slack, as the sender's do (see timer-slack); known once ready. */
  preciseTimers = false;

  constructor() {
    Atomics.store(this.control, 0, -1);
    const worker = moduleWorker('hiccup-worker', { control: this.control.buffer });
    let started: () => void;
    this.ready = new Promise((resolve) => (started = resolve));
    // The first message says it started; the second, its histograms. A failed meter reports none.
    this.result = new Promise((resolve) => {
      worker.once('message', (m: { preciseTimers?: boolean }) => {
        this.preciseTimers = m.preciseTimers === true;
        started();
        worker.once('message', (m: Record<number, string>) => resolve(m));
      });
      worker.once('error', () => resolve({}));
      worker.once('exit', () => resolve({}));
    });
    void this.result.then(() => started());
  }

  /** From now on, stalls count for step `n` (-1: not at all, e.g. during warm-up). */
  step(n: number): void {
    Atomics.store(this.control, 0, n);
  }

  /** Ends the meter: the encoded histogram of each step (µs), empty where it saw none. */
  async stop(): Promise<Record<number, string>> {
    this.step(-1);
    Atomics.store(this.control, 1, 1);
    return this.result;
  }
}
