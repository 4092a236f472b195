/**
 * The RTM page's size rules (https://api.slack.com/legacy/rtm#limits): "The message server will disconnect
 * any client that sends a message longer than 16 kilobytes. This includes all parts of the message, including
 * JSON syntax, not just the message text. Clients should limit messages sent to channels to 4000 characters".
 */
export const MAX_MESSAGE_BYTES = 16_384;
/** Characters, not UTF-16 units: 4000 non-BMP characters "will always be under 16k bytes". */
export const MAX_TEXT_CHARACTERS = 4000;

/** The size the limit counts: the whole frame, JSON included, in UTF-8 bytes. */
export function frameBytes(frame: string): number {
  return Buffer.byteLength(frame);
}

/** Characters as the page counts them: code points, so an emoji is one. */
export function textCharacters(text: string): number {
  let n = 0;
  for (const _ of text) n += 1;
  return n;
}

/**
 * A message frame of exactly `bytes` bytes of UTF-8, JSON included. The text is `filler` repeated (multi-byte
 * characters count in bytes), topped up with ASCII to hit the size exactly. Undefined when `bytes` is too small
 * for the envelope.
 */
export function messageFrameOfBytes(id: number, channel: string, bytes: number, filler = 'é'): string | undefined {
  const envelope = frameBytes(JSON.stringify({ id, type: 'message', channel, text: '' }));
  const room = bytes - envelope;
  if (room < 0) return undefined;
  const unit = frameBytes(filler);
  const text = filler.repeat(Math.floor(room / unit)) + 'a'.repeat(room % unit);
  const frame = JSON.stringify({ id, type: 'message', channel, text });
  return frameBytes(frame) === bytes ? frame : undefined;
}
