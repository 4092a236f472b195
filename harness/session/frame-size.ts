/**
 * A message frame of exactly `bytes` bytes of UTF-8, JSON included ("This includes all parts of the
 * message, including JSON syntax"). The text is `filler` repeated (multi-byte characters count in bytes),
 * topped up with ASCII to hit the size exactly. Returns undefined when `bytes` is too small for the envelope.
 */
export function messageFrameOfBytes(id: number, channel: string, bytes: number, filler = 'é'): string | undefined {
  const envelope = Buffer.byteLength(JSON.stringify({ id, type: 'message', channel, text: '' }));
  const room = bytes - envelope;
  if (room < 0) return undefined;
  const unit = Buffer.byteLength(filler);
  const text = filler.repeat(Math.floor(room / unit)) + 'a'.repeat(room % unit);
  const frame = JSON.stringify({ id, type: 'message', channel, text });
  return Buffer.byteLength(frame) === bytes ? frame : undefined;
}
