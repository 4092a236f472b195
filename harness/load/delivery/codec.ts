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
  // indexOf, not split: this runs once per receipt, M times per message.
  const a = text.indexOf(' ', PREFIX.length);
  const b = text.indexOf(' ', a + 1);
  const c = text.indexOf(' ', b + 1);
  if (a < 0 || b < 0 || c < 0) return undefined;
  const step = Number(text.slice(PREFIX.length, a));
  const sender = Number(text.slice(a + 1, b));
  const seq = Number(text.slice(b + 1, c));
  const dueUs = Number(text.slice(c + 1));
  if (!Number.isSafeInteger(step) || !Number.isSafeInteger(dueUs)) return undefined;
  // A sender is a thread's number and a sequence counts from 0: anything else is not this load's.
  if (!Number.isInteger(sender) || sender < 0 || sender > 255 || !Number.isInteger(seq) || seq < 0) return undefined;
  return { step, sender, seq, dueUs };
}
