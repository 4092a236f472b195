import type { TlsOptions } from '../session/http-client.js';
import type { Step } from './schedule.js';
import type { DeliveryPart } from './delivery/recorder.js';
import type { DeliveryConfig } from './delivery/tracker.js';

/** What a sender is told, and what it reports: the shapes a sender thread passes across postMessage. */
export interface SenderConfig {
  apiUrl: string;
  /** Tokens to spread connections over (connection k uses token k mod n). */
  tokens: string[];
  channel: string;
  connections: number;
  steps: Step[];
  warmupSec: number;
  /** An ack later than this counts as missing. */
  replyTimeoutMs: number;
  /** Largest frame accepted from the target. */
  maxFrameBytes: number;
  tls?: TlsOptions;
  /**
   * `lean` (default): the cheapest precise wait for each due time (see Pacer: a blocking sleep while no ack
   * is outstanding, else a spin under 0.3 ms, the wake thread or a timer); `spin`: a setImmediate loop
   * throughout (a whole core at any rate, the lowest send lag).
   */
  schedule?: 'lean' | 'spin';
  /** Wall-clock ms since the epoch when the warm-up (then the steps) may begin: shards started together. */
  startAtMs?: number;
  /** A fan-out load (--members): the connections are channel members, messages go round robin over these channels. */
  delivery?: DeliveryConfig;
}

/** Protocol invariants counted on every message. */
export interface Counters {
  sent: number;
  acked: number;
  /** Due but not sent: its connection was down. */
  unsent: number;
  missing: number;
  duplicates: number;
  /** Acks naming an id never sent on that connection. */
  unknown: number;
  /** Acks that came after the reply timeout (already counted missing). */
  late: number;
  rateLimited: number;
  errorsByCode: Record<string, number>;
  disconnects: number;
  reconnects: number;
}

/** Counters before anything was sent. */
export function emptyCounters(): Counters {
  return {
    sent: 0,
    acked: 0,
    unsent: 0,
    missing: 0,
    duplicates: 0,
    unknown: 0,
    late: 0,
    rateLimited: 0,
    errorsByCode: {},
    disconnects: 0,
    reconnects: 0,
  };
}

export interface IntervalSample {
  /** Seconds since the step began. */
  t: number;
  sent: number;
  acked: number;
  corrected: string;
  raw: string;
}

export interface StepResult {
  rate: number;
  durationSec: number;
  elapsedSec: number;
  /** From the step's first due time to its last send: what the achieved rate is computed over. */
  sendingSec: number;
  counters: Counters;
  corrected: string;
  raw: string;
  sendLag: string;
  eventLoopDelayP99Ms: number;
  intervals: IntervalSample[];
  /** A fan-out load: what this thread's members received of the step's messages (every thread's). */
  delivery?: DeliveryPart;
}

export interface Progress {
  step: number;
  elapsedSec: number;
  sent: number;
  acked: number;
  errors: number;
  correctedP99Us: number;
  /** The step's counters so far (--metrics). */
  counters?: Counters;
  /** The second that just ended, its histograms encoded (--metrics). */
  interval?: IntervalSample;
  /** Connections open at the end of that second (--metrics). */
  openConnections?: number;
  /** A fan-out load: the deliveries this thread's members received in the step so far (--metrics). */
  delivery?: DeliveryPart;
  /** Idle fleet connections held now, added by run-load to every thread's progress (--metrics). */
  idleHeld?: number;
}
