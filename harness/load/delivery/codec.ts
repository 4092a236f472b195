/**
 * What a fan-out load message carries in its text, so that any member's receipt, in any thread or process of
 * this machine, can be matched to its send and timed from its due time: the step, the sender thread, the
 * message's sequence within the step, and its due time in µs of the process-wide monotonic clock
 * (CLOCK_MONOTONIC through hrtime: the same in every thread and process, unlike performance.now()).
 */
export interface DeliveryStamp {
  step: number;
  sender: number;
  seq: number;
  dueUs: number;
}

const PREFIX = 'fan ';

export function encodeDeliveryText(s: DeliveryStamp): string {
  return `${PREFIX}${s.step} ${s.sender} ${s.seq} ${s.dueUs}`;
}

/** The stamp in a message's text; undefined for any other text (a message this load did not send). */
export function decodeDeliveryText(text: unknown): DeliveryStamp | undefined {
  if (typeof text !== 'string' || !text.startsWith(PREFIX) || text.length > 80) return undefined;
  const parts = text.slice(PREFIX.length).split(' ');
  if (parts.length !== 4) return undefined;
  const [step, sender, seq, dueUs] = parts.map(Number);
  if (![step, sender, seq, dueUs].every(Number.isSafeInteger)) return undefined;
  return { step, sender, seq, dueUs };
}

/** The key that names one message of a step across every sender thread. */
export function deliveryKey(s: DeliveryStamp): number {
  // Sequences stay far below 2^32 (LOAD_BOUNDS: 200 000/s for 3600 s is 7.2e8); senders are a few.
  return s.sender * 2 ** 32 + s.seq;
}
