import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { okAckId } from '../../../harness/load/ack-scan.js';

/** What the sender took from a frame before the scan: JSON.parse, then an ok reply's numeric reply_to. */
function parsedId(text: string): number {
  try {
    const f = JSON.parse(text) as { ok?: unknown; reply_to?: unknown };
    return f !== null && typeof f === 'object' && f.ok === true && typeof f.reply_to === 'number' ? f.reply_to : -1;
  } catch {
    return -1;
  }
}

const key = fc.constantFrom('ok', 'reply_to', 'ts', 'text', 'error', 'type', 'id');
const value = fc.oneof(
  fc.boolean(),
  fc.integer({ min: -5, max: 2 ** 53 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.string({ maxLength: 8 }),
  fc.constant(null),
);
/** Reply-like objects whose keys collide, repeat and reorder, written with and without spacing. */
const frame = fc
  .tuple(fc.array(fc.tuple(key, value), { maxLength: 5 }), fc.integer({ min: 1, max: 10 ** 9 }), fc.boolean())
  .map(([pairs, id, spaced]) => {
    const body = [['ok', true] as const, ['reply_to', id] as const, ...pairs]
      .map(([k, v]) => `${JSON.stringify(k)}:${spaced ? ' ' : ''}${JSON.stringify(v)}`)
      .join(',');
    return `{${body}}`;
  });

describe('load: the ack scan', () => {
  it("reads the reply_to of the reference server's ack without parsing it", () => {
    const ack = JSON.stringify({ ok: true, reply_to: 4711, ts: '1700000000.000100', text: 'load 17' });
    expect(okAckId(Buffer.from(ack))).toBe(4711);
    expect(okAckId(Buffer.from('{"ok":true,"reply_to":9}'))).toBe(9);
  });

  it('leaves to JSON.parse what it cannot be sure of', () => {
    for (const text of [
      '{"ok":false,"reply_to":5,"error":{"code":-1}}',
      '{"reply_to":5,"ok":true}',
      '{"ok": true, "reply_to": 5}',
      '{"ok":true,"reply_to":5,"ok":false}',
      '{"ok":true,"reply_to":5,"reply_to":6}',
      '{"ok":true,"reply_to":05}',
      '{"ok":true,"reply_to":0}',
      '{"ok":true,"reply_to":5.5}',
      '{"ok":true,"reply_to":5e2}',
      '{"ok":true,"reply_to":1234567890123456}',
      '{"ok":true,"reply_to":5',
      '{"ok":true,"reply_to":}',
    ])
      expect(okAckId(Buffer.from(text)), text).toBe(-1);
  });

  test.prop([frame])('never names an id other than the one JSON.parse reads', (text) => {
    const id = okAckId(Buffer.from(text));
    expect(id === -1 || id === parsedId(text)).toBe(true);
  });

  test.prop([fc.integer({ min: 1, max: 10 ** 15 - 1 }), fc.string({ maxLength: 20 })])(
    'reads every plain ok ack, whatever its text',
    (id, text) => {
      const ack = JSON.stringify({ ok: true, reply_to: id, ts: '1700000000.000001', text });
      // A text that spells a key ("ok", "reply_to") is left to JSON.parse: slower, never wrong.
      const spellsKey = /"(ok|reply_to)"/.test(ack.slice(ack.indexOf(',"ts"')));
      expect(okAckId(Buffer.from(ack))).toBe(spellsKey ? -1 : id);
    },
  );
});
