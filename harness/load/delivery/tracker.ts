import { monotonicMs } from '../monotonic.js';
import { decodeDeliveryText, encodeDeliveryText } from './codec.js';
import { type DeliveryPart, DeliveryRecorder } from './recorder.js';

/** What a sender thread is told of a fan-out load (SenderConfig.delivery). */
export interface DeliveryConfig {
  /** The channels messages go to, round robin: message i to channel i mod K. */
  channels: string[];
  /** This thread's number among the sender threads (part of every message's key). */
  sender: number;
  /** How many sender threads there are, and their meeting point: two Int32 counters (connected, finished). */
  senders: number;
  barrier: SharedArrayBuffer;
}

/** The meeting point of `senders` threads (see DeliveryConfig.barrier). */
export function deliveryBarrier(): SharedArrayBuffer {
  return new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT);
}

/** How long a thread waits for the others to connect, and to finish. */
const MEET_BOUND_MS = 60_000;

/** How long the end of a run waits for deliveries after the last one came: fan-out follows the ack. */
const QUIET_MS = 100;

/**
 * A sender thread's side of a fan-out load: the text each message carries, and one DeliveryRecorder per
 * measured step fed by every `message` event its connections (channel members) receive, whichever thread sent it.
 * Receipts of a step are recorded in that step's recorder whenever they come, so a step's stragglers are not
 * charged to the next step.
 */
export class DeliveryTracker {
  private readonly recorders: DeliveryRecorder[] = [];
  private readonly channelsJson: string[];
  /** performance.now() of this thread + offset = the process-wide monotonic clock (ms). */
  private readonly toMonotonicMs = monotonicMs() - performance.now();
  private step = -1;
  private lastReceiptMs = 0;

  constructor(
    private readonly config: DeliveryConfig,
    private readonly lateAfterMs: number,
    /** How many measured steps the run has: a stamp naming another step is not this run's. */
    private readonly steps: number,
  ) {
    this.channelsJson = config.channels.map((c) => JSON.stringify(c));
  }

  /** The step messages are now sent for (-1: the warm-up, whose deliveries are not recorded). */
  beginStep(step: number): void {
    this.step = step;
  }

  /** Step n's recorder, made by whichever comes first: this thread's step, or another thread's message of it. */
  private recorderOf(step: number): DeliveryRecorder | undefined {
    if (step < 0 || step >= this.steps) return undefined;
    this.recorders[step] ??= new DeliveryRecorder(this.lateAfterMs);
    return this.recorders[step];
  }

  /** The frame for message `seq` of the current step, due at `dueMs` and sent at `sentMs` (this thread's performance.now()). */
  frame(id: number, seq: number, dueMs: number, sentMs: number): string {
    const channel = this.channelsJson[seq % this.channelsJson.length];
    const dueUs = Math.round((dueMs + this.toMonotonicMs) * 1000);
    const lagUs = Math.max(0, Math.round((sentMs - dueMs) * 1000));
    const text = encodeDeliveryText({ step: this.step, sender: this.config.sender, seq, dueUs, lagUs });
    return `{"id":${id},"type":"message","channel":${channel},"text":"${text}"}`;
  }

  /** A `message` event received on `recipient` at `atMs` (this thread's performance.now()). */
  receive(recipient: unknown, event: Record<string, unknown>, atMs: number): void {
    const stamp = decodeDeliveryText(event.text);
    if (!stamp || typeof event.channel !== 'string' || typeof event.ts !== 'string') return;
    const recorder = this.recorderOf(stamp.step);
    if (!recorder) return;
    this.lastReceiptMs = atMs;
    const latencyMs = atMs + this.toMonotonicMs - stamp.dueUs / 1000;
    recorder.receive(recipient, event.channel, event.ts, stamp.sender, stamp.seq, latencyMs, stamp.lagUs / 1000);
  }

  /**
   * Before the first message: every thread's members are connected (a member not yet there would count its
   * deliveries missing). Bounded: a thread that never connects leaves the others to go on after MEET_BOUND_MS.
   */
  connected(): Promise<void> {
    return this.meet(0, MEET_BOUND_MS);
  }

  /**
   * After the last step: every thread has sent its last message (its members stay connected for the others'
   * deliveries), then no delivery came for QUIET_MS, at most `boundMs` more.
   */
  async finished(boundMs: number): Promise<void> {
    await this.meet(1, MEET_BOUND_MS);
    const until = performance.now() + boundMs;
    while (performance.now() < until && performance.now() - this.lastReceiptMs < QUIET_MS)
      await new Promise((r) => setTimeout(r, 10));
  }

  private async meet(counter: number, boundMs: number): Promise<void> {
    const counters = new Int32Array(this.config.barrier);
    Atomics.add(counters, counter, 1);
    const until = performance.now() + boundMs;
    while (Atomics.load(counters, counter) < this.config.senders && performance.now() < until)
      await new Promise((r) => setTimeout(r, 5));
  }

  /** Step n's deliveries so far, for live metrics (the recorder goes on). */
  progress(step: number): DeliveryPart | undefined {
    return this.recorders[step]?.result();
  }

  /** Step n's deliveries as this thread saw them. */
  result(step: number): DeliveryPart {
    const recorder = this.recorderOf(step) ?? new DeliveryRecorder(this.lateAfterMs);
    const part = recorder.result();
    recorder.destroy();
    return part;
  }
}
