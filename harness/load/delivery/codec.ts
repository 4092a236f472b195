/**
 * What a fan-out load message carries in its text, so that any member's receipt, in any thread or process of
 * this machine, can be matched to its send and timed from its due time: the step, the sender thread, the
 * message's sequence within the step, its due time in µs of the process-wide monotonic clock
 * (CLOCK_MONOTONIC through hrtime: the same in every thread and process, unlike performance.now()), and how late
 * it was sent (µs), so that a receipt is judged late from the send, as an ack is, not from the due time. Numbers
 * are written in base 36: a shorter text is less for the server to copy and for every member to parse.
 */
export interface DeliveryStamp {
  step: number;
  sender: number;
  seq: number;
  dueUs: number;
  lagUs: number;
}

const PREFIX = 'fan ';

export function encodeDeliveryText(s: DeliveryStamp): string {
  const b = (n: number) => n.toString(36);
  return `${PREFIX}${b(s.step)} ${b(s.sender)} ${b(s.seq)} ${b(s.dueUs)} ${b(s.lagUs)}`;
}

/** The stamp in a message's text; undefined for any other text (a message this load did not send). */
export function decodeDeliveryText(text: unknown): DeliveryStamp | undefined {
  if (typeof text !== 'string' || !text.startsWith(PREFIX) || text.length > 80) return undefined;
  // One pass, digit by digit, into locals: this runs once per receipt, M times per message.
  let step = 0;
  let sender = 0;
  let seq = 0;
  let dueUs = 0;
  let lagUs = 0;
  let field = 0;
  let digits = 0;
  let negative = false;
  for (let at = PREFIX.length; at < text.length; at++) {
    const c = text.charCodeAt(at);
    // Base-36 digits: 0-9 then a-z.
    const d = c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 122 ? c - 87 : -1;
    if (d >= 0) {
      if (field === 0) step = step * 36 + d;
      else if (field === 1) sender = sender * 36 + d;
      else if (field === 2) seq = seq * 36 + d;
      else if (field === 3) dueUs = dueUs * 36 + d;
      else lagUs = lagUs * 36 + d;
      digits += 1;
    } else if (c === 32 && digits > 0 && field < 4) {
      field += 1;
      digits = 0;
    } else if (c === 45 && field === 0 && digits === 0 && !negative)
      negative = true; // the warm-up's step, -1
    else return undefined;
  }
  if (field !== 4 || digits === 0 || !Number.isSafeInteger(dueUs) || !Number.isSafeInteger(lagUs)) return undefined;
  // A sender is a thread's number: anything larger is not this load's.
  if (sender > 255 || seq > 2 ** 31) return undefined;
  return { step: negative ? -step : step, sender, seq, dueUs, lagUs };
}
