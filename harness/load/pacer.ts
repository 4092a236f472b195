import { WakeThread } from './wake-thread.js';

/**
 * How the sender waits for its next due time. `spin`: a setImmediate loop, a whole core at any rate.
 * `lean`: the cheapest wait that still wakes on time, by how far the due time is:
 * - over TIMER_ABOVE_MS: a Node timer to within TIMER_MARGIN_MS (timers fire up to a millisecond late);
 * - with no reply outstanding, from BLOCK_ABOVE_MS: a blocking Atomics.wait on the sender's own thread,
 *   precise to the machine's wake-up latency and the cheapest sleep there is (it can delay nothing that is
 *   measured). A spin that is waiting for a due time looks again every turn, so once the last reply is in,
 *   the rest of the wait blocks;
 * - with replies outstanding, under SPIN_BELOW_MS: spin (replies must be timed as they come);
 * - otherwise: the wake thread, which sleeps precisely and wakes this event loop, which reads acks meanwhile.
 * Every thread that sleeps asks for a timer slack of 1 ns when it starts (timer-slack.ts; the sender's in
 * worker.ts): a sleep then ends ~25 µs late at p50 instead of ~80 µs.
 * Measured at 1k msg/s on the 2-core VM (4 connections, acks in ~0.1 ms, sender alone): 12 % of a core if
 * every wait could block, 14 % through the wake thread, 22 % for a 1 ms timer and a spin to the due time.
 * Turning a wake-thread sleep into a blocking one when the last reply comes in cost more (16 %: the withdrawn
 * request still wakes the thread), and a timer backstop instead fires up to a millisecond after the due time.
 * At 5k msg/s, blocking instead of spinning once the reply is in took the sender from 105 % of a core to
 * 65–73 %, for a send lag p50 of ~35 µs instead of ~1 µs (runLoad, three alternating runs).
 */
const SPIN_BELOW_MS = 0.3;
const BLOCK_ABOVE_MS = 0.03;
const TIMER_ABOVE_MS = 3;
const TIMER_MARGIN_MS = 2;

export type WaitKind = 'spin' | 'timer' | 'block' | 'thread';

/** The lean schedule's choice for a wait of `waitMs` (see above); `spin` always spins. */
export function waitKind(mode: 'lean' | 'spin', waitMs: number, nothingOutstanding: boolean): WaitKind {
  if (mode === 'spin' || waitMs <= 0) return 'spin';
  if (waitMs > TIMER_ABOVE_MS) return 'timer';
  if (nothingOutstanding) return waitMs < BLOCK_ABOVE_MS ? 'spin' : 'block';
  return waitMs < SPIN_BELOW_MS ? 'spin' : 'thread';
}

export class Pacer {
  private readonly wakeThread: WakeThread | undefined;
  private readonly sleeper = new Int32Array(new SharedArrayBuffer(4));
  /** The pending wait: its due time and what to call then. */
  private due = 0;
  private callback: (() => void) | undefined;
  private generation = 0;
  readonly ready: Promise<void>;

  constructor(
    private readonly mode: 'lean' | 'spin',
    /** True when no reply is outstanding: a blocking sleep can delay nothing that is measured. */
    private readonly nothingOutstanding: () => boolean,
  ) {
    this.wakeThread = mode === 'lean' ? new WakeThread() : undefined;
    this.ready = this.wakeThread?.ready ?? Promise.resolve();
  }

  /** Calls `then` once, at or soon after performance.now() = `due`; replaces any pending wait. */
  at(due: number, then: () => void): void {
    const generation = ++this.generation;
    this.due = due;
    this.callback = then;
    const wait = due - performance.now();
    const kind = waitKind(this.mode, wait, this.mode === 'lean' && this.nothingOutstanding());
    if (kind === 'spin') setImmediate(() => this.fire(generation));
    else if (kind === 'timer')
      setTimeout(() => generation === this.generation && this.at(due, then), Math.floor(wait - TIMER_MARGIN_MS));
    else if (kind === 'block') this.block(generation);
    else void this.wakeThread!.until(due).then(() => this.fire(generation));
  }

  /** Ends the wake thread; a pending callback is called on the next turn, so a loop waiting on it can end. */
  stop(): void {
    const then = this.callback;
    this.callback = undefined;
    this.generation += 1;
    this.wakeThread?.stop();
    if (then) setImmediate(then);
  }

  private block(generation: number): void {
    const wait = this.due - performance.now();
    if (wait > 0) Atomics.wait(this.sleeper, 0, 0, wait);
    // The next turn, not a nested call: the sender's loop asks for its next wait from inside `then`.
    setImmediate(() => this.fire(generation));
  }

  private fire(generation: number): void {
    if (generation !== this.generation) return;
    // Early (a spin turn, a sleep cut short): wait again for the rest.
    if (performance.now() < this.due) return this.at(this.due, this.callback!);
    const then = this.callback!;
    this.callback = undefined;
    then();
  }
}
