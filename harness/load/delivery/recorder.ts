import { encode, newHistogram, recordMs } from '../histograms.js';
import { SeenWindow } from './seen-window.js';

/** What one thread saw of one step's deliveries: counts and the encoded latency histogram (µs, from the due time). */
export interface DeliveryCounts {
  /** Receipts matched to a send, first time for their recipient, within the reply timeout. */
  received: number;
  /** The same message again on the same recipient. */
  duplicates: number;
  /** A receipt whose ts is before the last one that recipient saw in that channel. */
  order: number;
  /** First receipts more than the reply timeout after their send (counted missing), as for acks. */
  late: number;
}

export interface DeliveryPart extends DeliveryCounts {
  latency: string;
}

interface RecipientState {
  /** Per sender thread: the sequences seen lately (a duplicate is recognised within the last `window` of them). */
  seen: SeenWindow[];
  /** Per channel, the latest ts seen (an object, so that a receipt costs one lookup, not a get and a set). */
  lastTsByChannel: Map<string, { ts: string }>;
}

/**
 * One step's deliveries, recipient by recipient: the latency of each first receipt from the message's due time
 * (so a stalled server or recipient shows, as coordinated omission correction wants), duplicates, and ts order
 * per channel. Pure: it reads no clock and no socket, so any thread or process can keep one and ship `result()`.
 */
export class DeliveryRecorder {
  private readonly latency = newHistogram();
  private readonly recipients = new Map<unknown, RecipientState>();
  private readonly counts: DeliveryCounts = { received: 0, duplicates: 0, order: 0, late: 0 };

  constructor(
    /** A receipt later than this after its send is late (ms): the reply timeout. */
    private readonly lateAfterMs: number,
    /** How many of a sender's latest sequences per recipient a duplicate is looked for in (a multiple of 8). */
    private readonly window = 4096,
  ) {}

  /**
   * One `message` event on one recipient's connection: message `seq` of sender thread `sender`, with the event's
   * ts, `latencyMs` after its due time, sent `sendLagMs` after its due time.
   */
  receive(
    recipient: unknown,
    channel: string,
    ts: string,
    sender: number,
    seq: number,
    latencyMs: number,
    sendLagMs = 0,
  ): void {
    let r = this.recipients.get(recipient);
    if (!r) {
      r = { seen: [], lastTsByChannel: new Map() };
      this.recipients.set(recipient, r);
    }
    r.seen[sender] ??= new SeenWindow(this.window);
    if (!r.seen[sender].mark(seq)) {
      this.counts.duplicates += 1;
      return;
    }
    // The page: ts is "ASCII sortable" and unique within a channel; a member sees a channel's messages in order.
    const last = r.lastTsByChannel.get(channel);
    if (!last) r.lastTsByChannel.set(channel, { ts });
    else if (ts < last.ts) this.counts.order += 1;
    else last.ts = ts;
    if (latencyMs - sendLagMs > this.lateAfterMs) {
      this.counts.late += 1;
      return;
    }
    this.counts.received += 1;
    recordMs(this.latency, latencyMs);
  }

  result(): DeliveryPart {
    return { ...this.counts, latency: encode(this.latency) };
  }

  destroy(): void {
    this.latency.destroy();
  }
}
