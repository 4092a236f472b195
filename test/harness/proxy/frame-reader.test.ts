import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FrameReader } from '../../../harness/proxy/frame-reader.js';

/** One frame as RFC 6455 §5.2 lays it out; a mask when `mask` is given (client frames). */
function frame(opcode: number, payload: Buffer, fin: boolean, mask?: Buffer): Buffer {
  const len = payload.length;
  const head = len < 126 ? [len] : len < 65536 ? [126, len >> 8, len & 0xff] : [127, 0, 0, 0, 0, ...u32(len)];
  const body = mask ? Buffer.from(payload.map((b, i) => b ^ mask[i & 3])) : payload;
  return Buffer.concat([
    Buffer.from([(fin ? 0x80 : 0) | opcode, (mask ? 0x80 : 0) | head[0], ...head.slice(1)]),
    mask ?? Buffer.alloc(0),
    body,
  ]);
}
const u32 = (n: number) => [n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];

function read(stream: Buffer, cuts: number[], maxBytes = 1 << 20) {
  const seen: string[] = [];
  const reader = new FrameReader(maxBytes, {
    message: (data, binary) => seen.push(`${binary ? 'binary' : 'text'} ${data.toString('latin1')}`),
    ping: () => seen.push('ping'),
    close: (code, reason) => seen.push(`close ${code} ${reason}`),
    tooBig: (bytes) => seen.push(`too big ${bytes}`),
    broken: (why) => seen.push(`broken ${why}`),
  });
  let at = 0;
  for (const cut of [...cuts.filter((c) => c > 0 && c < stream.length)].sort((a, b) => a - b)) {
    reader.push(stream.subarray(at, cut));
    at = cut;
  }
  reader.push(stream.subarray(at));
  return seen;
}

const message = fc.record({
  text: fc.string({ unit: 'binary-ascii', maxLength: 70_000 }),
  binary: fc.boolean(),
  parts: fc.integer({ min: 1, max: 3 }),
  masked: fc.boolean(),
});

describe('FrameReader (seed 7)', () => {
  it('reads back every message, fragmented or not, masked or not, of any length, however the bytes are cut', () => {
    fc.assert(
      fc.property(
        fc.array(message, { minLength: 1, maxLength: 4 }),
        fc.array(fc.nat(300_000), { maxLength: 8 }),
        (msgs, cuts) => {
          const frames: Buffer[] = [];
          const expected: string[] = [];
          for (const m of msgs) {
            const data = Buffer.from(m.text, 'latin1');
            const size = Math.ceil(data.length / m.parts) || 1;
            const pieces = Array.from({ length: m.parts }, (_, i) => data.subarray(i * size, (i + 1) * size));
            const mask = m.masked ? Buffer.from([1, 2, 3, 4]) : undefined;
            for (const [i, p] of pieces.entries())
              frames.push(frame(i === 0 ? (m.binary ? 2 : 1) : 0, p, i === m.parts - 1, mask));
            // A ping between two messages: control frames are read, not joined into the message.
            frames.push(frame(0x9, Buffer.alloc(0), true, mask));
            expected.push(`${m.binary ? 'binary' : 'text'} ${m.text}`, 'ping');
          }
          frames.push(frame(0x8, Buffer.from([0x03, 0xe8, 0x62, 0x79, 0x65]), true));
          expect(read(Buffer.concat(frames), cuts)).toEqual([...expected, 'close 1000 bye']);
        },
      ),
      { seed: 7, numRuns: 60 },
    );
  });

  it('reads the 16-bit and the 64-bit lengths, masked, cut inside the header and the mask', () => {
    for (const size of [125, 126, 65_535, 65_536, 70_000]) {
      const data = Buffer.alloc(size, 'x');
      expect(read(frame(1, data, true, Buffer.from([9, 8, 7, 6])), [1, 2, 3, 5, 9, 12, size])).toEqual([
        `text ${data.toString('latin1')}`,
      ]);
    }
  });

  it('stops at a frame over its bound, and at what is not WebSocket framing', () => {
    expect(read(frame(1, Buffer.alloc(2000), true), [1, 3], 1024)).toEqual(['too big 2000']);
    expect(read(Buffer.concat([frame(1, Buffer.from('ok'), true), frame(0x3, Buffer.alloc(1), true)]), [])).toEqual([
      'text ok',
      'broken opcode 3',
    ]);
  });
});
