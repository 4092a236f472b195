import { describe, expect, it } from 'vitest';
import { FAULTS } from '../../../harness/server/faults/index.js';
import { messageFrameOfBytes } from '../../../harness/protocol/frame-size.js';
import { rtmConnect } from '../../../harness/session/rtm-connect.js';
import { type Frame, RtmSocket } from '../../../harness/session/rtm-socket.js';
import { HarnessError } from '../../../harness/errors.js';
import { useServers } from '../../helpers/server.js';

const servers = useServers();
const T = 2000;
const msg = (text: string) => ({ type: 'message', channel: 'C0GENERAL', text });

/** Sends n messages pipelined and returns, per id, the replies it got within a short wait. */
async function pipeline(socket: RtmSocket, n: number): Promise<Map<number, Frame[]>> {
  const since = socket.position;
  const ids = Array.from({ length: n }, (_, i) => socket.send(msg(`m${i}`)));
  await socket.nextFrame((f) => f.reply_to === ids.at(-1), T, since);
  // Frames a fault delays (duplicate-ack: 1 ms) come after the last ack: a ping round trip would not wait for them.
  await new Promise((r) => setTimeout(r, 25));
  const byId = new Map<number, Frame[]>();
  for (const f of socket.framesSince(since)) {
    if (typeof f.reply_to !== 'number') continue;
    byId.set(f.reply_to, [...(byId.get(f.reply_to) ?? []), f]);
  }
  return byId;
}

describe('faults: each one really deviates', () => {
  it('duplicate-ack answers every 5th message twice', async () => {
    const { socket } = await servers.connect(await servers.start({ faults: ['duplicate-ack'] }));
    const byId = await pipeline(socket, 10);
    expect([...byId].filter(([, r]) => r.length === 2).map(([id]) => id)).toEqual([5, 10]);
  });

  it('drop-ack never acknowledges every 7th message', async () => {
    const { socket } = await servers.connect(await servers.start({ faults: ['drop-ack'] }));
    const since = socket.position;
    const ids = Array.from({ length: 8 }, (_, i) => socket.send(msg(`m${i}`)));
    await socket.nextFrame((f) => f.reply_to === 8, T, since);
    expect(ids.filter((id) => !socket.framesSince(since).some((f) => f.reply_to === id))).toEqual([7]);
  });

  it('wrong-reply-to names id + 1 on every 4th ack', async () => {
    const { socket } = await servers.connect(await servers.start({ faults: ['wrong-reply-to'] }));
    const byId = await pipeline(socket, 8);
    expect(byId.get(4)).toBeUndefined();
    expect(byId.get(5)?.length).toBe(2);
  });

  it('event-before-hello and no-hello break the opening', async () => {
    const early = await servers.connect(await servers.start({ faults: ['event-before-hello'] }));
    expect(await early.socket.nextFrame(() => true, T)).toEqual({ type: 'accounts_changed' });
    const silent = await servers.connect(await servers.start({ faults: ['no-hello'] }));
    expect(await silent.socket.nextFrame((f) => f.type === 'hello', 300)).toBe('timeout');
    expect((await silent.socket.request({ type: 'ping' }, T)).reply).toMatchObject({ type: 'pong' });
  });

  it('reusable-url lets a URL be used twice; no-expiry accepts it after its lifetime', async () => {
    const reusable = await servers.start({ faults: ['reusable-url'] });
    const first = await servers.connect(reusable);
    const second = servers.track(await RtmSocket.open(first.connect.url));
    expect(await second.nextFrame(() => true, T)).toEqual({ type: 'hello' });
    const forever = await servers.start({ faults: ['no-expiry'], urlTtlMs: 50 });
    const { url } = await rtmConnect({ apiUrl: forever.apiUrl, token: forever.fixture.users[0].token });
    await new Promise((r) => setTimeout(r, 120));
    expect(await servers.track(await RtmSocket.open(url)).nextFrame(() => true, T)).toEqual({ type: 'hello' });
  });

  it('no-size-limit acks a frame over the limit', async () => {
    const { socket } = await servers.connect(await servers.start({ faults: ['no-size-limit'], maxMessageBytes: 1000 }));
    socket.sendRaw(messageFrameOfBytes(1, 'C0GENERAL', 1001)!);
    expect(await socket.nextFrame((f) => f.reply_to === 1, T)).toMatchObject({ ok: true });
  });

  it('close-on-unknown-type closes at the third unknown frame, not before', async () => {
    const { socket } = await servers.connect(await servers.start({ faults: ['close-on-unknown-type'] }));
    expect((await socket.request({ type: 'zz1' }, T)).reply).toMatchObject({ ok: false });
    expect((await socket.request({ type: 'zz2' }, T)).reply).toMatchObject({ ok: false });
    socket.send({ type: 'zz3' });
    expect(await socket.waitClosed(T)).not.toBe(false);
  });

  it('duplicate-ts repeats a ts across two connections in one channel', async () => {
    const server = await servers.start({ faults: ['duplicate-ts'] });
    const a = await servers.connect(server, 0);
    const b = await servers.connect(server, 1);
    const ta = ((await a.socket.request(msg('a'), T)).reply as Frame).ts as string;
    const tb = ((await b.socket.request(msg('b'), T)).reply as Frame).ts as string;
    // Each connection counts its own sequence from 1: the same ts whenever both fall in one second (a second
    // boundary between the two requests changes only the seconds, so compare the sequence, and all when it can).
    expect(ta.split('.')[1]).toBe('000001');
    expect(tb.split('.')[1]).toBe('000001');
    if (ta.split('.')[0] === tb.split('.')[0]) expect(ta).toBe(tb);
  });

  it('unsortable-ts drops the zero padding of the sequence (the matrix shows the order check catching it)', async () => {
    const { socket } = await servers.connect(await servers.start({ faults: ['unsortable-ts'] }));
    const ts: string[] = [];
    for (let i = 0; i < 12; i++) ts.push(((await socket.request(msg(`m${i}`), T)).reply as Frame).ts as string);
    // Within one second the bare sequence goes …9, …10: not ASCII order (a second boundary may hide it once).
    expect(ts.some((t) => !/\.\d{6}$/.test(t))).toBe(true);
  });

  it('pong-drops-args drops non-string arguments; typing-replies acks typing; error-without-reply-to drops reply_to', async () => {
    const pongs = await servers.connect(await servers.start({ faults: ['pong-drops-args'] }));
    expect((await pongs.socket.request({ type: 'ping', n: 1, s: 'x' }, T)).reply).toEqual({
      type: 'pong',
      reply_to: 1,
      s: 'x',
    });
    const typing = await servers.connect(await servers.start({ faults: ['typing-replies'] }));
    expect((await typing.socket.request({ type: 'typing', channel: 'C0GENERAL' }, T)).reply).toEqual({
      ok: true,
      reply_to: 1,
    });
    const errors = await servers.connect(await servers.start({ faults: ['error-without-reply-to'] }));
    const since = errors.socket.position;
    errors.socket.send({ type: 'message', channel: 'C0GENERAL' });
    expect(await errors.socket.nextFrame((f) => f.ok === false, T, since)).toEqual({
      ok: false,
      error: { code: 2, msg: 'message text is missing' },
    });
  });
});

describe('variations: legal, and really different', () => {
  it('reorder-acks delivers acks out of order', async () => {
    const { socket } = await servers.connect(await servers.start({ faults: ['reorder-acks'], seed: 7 }));
    const since = socket.position;
    for (let i = 0; i < 40; i++) socket.send(msg(`m${i}`));
    await socket.nextFrame(() => false, 100, since);
    const order = socket.framesSince(since).map((f) => f.reply_to as number);
    expect(order).toHaveLength(40);
    expect(order).not.toEqual([...order].sort((x, y) => x - y));
  });

  it('chatty interleaves unknown event types; url-detection formats URLs', async () => {
    const chatty = await servers.connect(await servers.start({ faults: ['chatty'] }));
    await chatty.socket.request({ type: 'ping' }, T);
    expect(
      chatty.socket.framesSince(0).filter((f) => f.type === 'rtm_conformance_unknown_event').length,
    ).toBeGreaterThanOrEqual(2);
    const urls = await servers.connect(await servers.start({ faults: ['url-detection'] }));
    expect((await urls.socket.request(msg('see https://example.com/x?y=1 now'), T)).reply).toMatchObject({
      text: 'see <https://example.com/x?y=1> now',
    });
  });

  it('handshake-reject refuses a used URL with HTTP 404; size-close-1009 closes with 1009; silent-unknown says nothing', async () => {
    const rejecting = await servers.start({ faults: ['handshake-reject'] });
    const first = await servers.connect(rejecting);
    await expect(RtmSocket.open(first.connect.url)).rejects.toThrow(HarnessError);
    const closing = await servers.connect(await servers.start({ faults: ['size-close-1009'], maxMessageBytes: 500 }));
    closing.socket.sendRaw(messageFrameOfBytes(1, 'C0GENERAL', 501)!);
    expect(await closing.socket.waitClosed(T)).toMatchObject({ code: 1009 });
    const silent = await servers.connect(await servers.start({ faults: ['silent-unknown'] }));
    const since = silent.socket.position;
    const id = silent.socket.send({ type: 'zz' });
    await silent.socket.request({ type: 'ping' }, T);
    expect(silent.socket.framesSince(since).filter((f) => f.reply_to === id)).toEqual([]);
  });

  it('lists every fault and variation with a description', () => {
    expect(FAULTS.size).toBeGreaterThanOrEqual(22);
    for (const f of FAULTS.values()) expect(f.description.length).toBeGreaterThan(10);
  });
});
