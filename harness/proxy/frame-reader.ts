/** What the reader tells of the frames going by. */
export interface FrameEvents {
  /** A whole message (fragments joined), unmasked. */
  message(data: Buffer, binary: boolean): void;
  ping(): void;
  close(code: number, reason: string): void;
  /** A frame or message over the bound: the stream is not read further. */
  tooBig(bytes: number): void;
  /** Not WebSocket framing (an unknown opcode): the stream is not read further. */
  broken(why: string): void;
}

/**
 * Reads WebSocket frames (RFC 6455 §5.2) out of a byte stream the relay passes on untouched, to record them: beside
 * the pipe, never in its way. Bounded: a frame or a message over `maxBytes` stops it.
 */
export class FrameReader {
  private chunks: Buffer[] = [];
  private have = 0;
  /** Bytes needed before parsing can move on: a header's, then a whole frame's. */
  private need = 2;
  private parts: Buffer[] = [];
  private partsBytes = 0;
  private binary = false;
  private stopped = false;

  constructor(
    private readonly maxBytes: number,
    private readonly on: FrameEvents,
  ) {}

  push(chunk: Buffer): void {
    if (this.stopped) return;
    this.chunks.push(chunk);
    this.have += chunk.length;
    if (this.have < this.need) return;
    const buf = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks, this.have);
    let at = 0;
    for (;;) {
      const used = this.frameAt(buf, at);
      if (used === 0 || this.stopped) break;
      at += used;
    }
    const rest = buf.subarray(at);
    this.chunks = rest.length > 0 ? [rest] : [];
    this.have = rest.length;
  }

  /** Reads the frame at `at`: its length, or 0 when it is not all there yet (`need` then says how much is). */
  private frameAt(buf: Buffer, at: number): number {
    const left = buf.length - at;
    if (left < 2) return this.wait(2);
    const b0 = buf[at];
    const b1 = buf[at + 1];
    let len = b1 & 0x7f;
    let off = 2;
    if (len === 126) {
      if (left < 4) return this.wait(4);
      len = buf.readUInt16BE(at + 2);
      off = 4;
    } else if (len === 127) {
      if (left < 10) return this.wait(10);
      len = Number(buf.readBigUInt64BE(at + 2));
      off = 10;
    }
    if (len > this.maxBytes) return this.stop(() => this.on.tooBig(len));
    const masked = (b1 & 0x80) !== 0;
    const start = off + (masked ? 4 : 0);
    if (left < start + len) return this.wait(start + len);
    this.need = 2;
    let payload = buf.subarray(at + start, at + start + len);
    if (masked) {
      const mask = buf.subarray(at + off, at + off + 4);
      const plain = Buffer.allocUnsafe(len);
      for (let i = 0; i < len; i++) plain[i] = payload[i] ^ mask[i & 3];
      payload = plain;
    }
    this.dispatch((b0 & 0x80) !== 0, b0 & 0x0f, payload);
    return start + len;
  }

  private dispatch(fin: boolean, opcode: number, payload: Buffer): void {
    switch (opcode) {
      case 0x1:
      case 0x2:
        this.binary = opcode === 0x2;
        if (fin) return this.on.message(payload, this.binary);
        this.parts = [payload];
        this.partsBytes = payload.length;
        return;
      case 0x0: {
        this.parts.push(payload);
        this.partsBytes += payload.length;
        if (this.partsBytes > this.maxBytes) return void this.stop(() => this.on.tooBig(this.partsBytes));
        if (!fin) return;
        const whole = Buffer.concat(this.parts, this.partsBytes);
        this.parts = [];
        this.partsBytes = 0;
        return this.on.message(whole, this.binary);
      }
      case 0x8:
        return this.on.close(
          payload.length >= 2 ? payload.readUInt16BE(0) : 1005,
          payload.subarray(2).toString('utf8'),
        );
      case 0x9:
        return this.on.ping();
      case 0xa:
        return;
      default:
        this.stop(() => this.on.broken(`opcode ${opcode}`));
    }
  }

  private wait(bytes: number): 0 {
    // Counted from the frame's start, where what is left over begins.
    this.need = bytes;
    return 0;
  }

  private stop(tell: () => void): 0 {
    this.stopped = true;
    tell();
    return 0;
  }
}
