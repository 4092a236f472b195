import { describe, expect, it } from 'vitest';
import { RtmSocket } from '../../../harness/session/rtm-socket.js';
import { messageFrameOfBytes } from '../../../harness/protocol/frame-size.js';
import { rtmConnect } from '../../../harness/session/rtm-connect.js';
import { useServers } from '../../helpers/server.js';

const servers = useServers();
const T = 2000;

describe('reference server: message server', () => {
  it('sends hello first, then acks a message with reply_to, ts and text, and posts it to the other members', async () => {
    const server = await servers.start();
    const alice = await servers.connect(server, 0);
    const bob = await servers.connect(server, 1);
    expect(await alice.socket.nextFrame(() => true, T)).toEqual({ type: 'hello' });
    expect(await bob.socket.nextFrame(() => true, T)).toEqual({ type: 'hello' });
    const since = bob.socket.position;
    const { id, reply } = await alice.socket.request({ type: 'message', channel: 'C0GENERAL', text: 'hi there' }, T);
    expect(reply).toMatchObject({ ok: true, reply_to: id, text: 'hi there' });
    expect((reply as { ts: string }).ts).toMatch(/^\d{10}\.\d{6}$/);
    const event = await bob.socket.nextFrame((f) => f.type === 'message', T, since);
    expect(event).toEqual({
      type: 'message',
      channel: 'C0GENERAL',
      user: 'U0ALICE01',
      text: 'hi there',
      ts: (reply as { ts: string }).ts,
      team: 'T0RTMCONF',
      source_team: 'T0RTMCONF',
    });
  });

  it('delivers after hello the events that happened between rtm.connect and the connection', async () => {
    const server = await servers.start();
    const alice = await servers.connect(server, 0);
    const bobUrl = await rtmConnect({ apiUrl: server.apiUrl, token: server.fixture.users[1].token });
    await alice.socket.request({ type: 'message', channel: 'C0GENERAL', text: 'while you were away' }, T);
    const bob = servers.track(await RtmSocket.open(bobUrl.url));
    expect(await bob.nextFrame(() => true, T)).toEqual({ type: 'hello' });
    expect(await bob.nextFrame((f) => f.type === 'message', T)).toMatchObject({ text: 'while you were away' });
  });

  it('answers a missing text with code 2 and an unknown channel or non-member with ok:false', async () => {
    const server = await servers.start();
    const alice = await servers.connect(server, 1); // bob is not in C0RANDOM1
    expect((await alice.socket.request({ type: 'message', channel: 'C0GENERAL' }, T)).reply).toMatchObject({
      ok: false,
      error: { code: 2, msg: 'message text is missing' },
    });
    expect((await alice.socket.request({ type: 'message', channel: 'C0GENERAL', text: '' }, T)).reply).toMatchObject({
      ok: false,
      error: { code: 2 },
    });
    expect((await alice.socket.request({ type: 'message', channel: 'CNOPE', text: 'x' }, T)).reply).toMatchObject({
      ok: false,
      error: { code: 5 },
    });
    expect((await alice.socket.request({ type: 'message', channel: 'C0RANDOM1', text: 'x' }, T)).reply).toMatchObject({
      ok: false,
      error: { code: 6 },
    });
  });

  it('keeps ts strictly increasing and zero-padded per channel', async () => {
    const server = await servers.start();
    const a = await servers.connect(server, 0);
    const b = await servers.connect(server, 1);
    const ts: string[] = [];
    for (let i = 0; i < 30; i++) {
      const s = i % 2 ? a.socket : b.socket;
      ts.push(
        ((await s.request({ type: 'message', channel: 'C0GENERAL', text: `n${i}` }, T)).reply as { ts: string }).ts,
      );
    }
    expect([...ts].sort()).toEqual(ts);
    expect(new Set(ts).size).toBe(ts.length);
  });

  it('answers typing with nothing and tells the other members user_typing', async () => {
    const server = await servers.start();
    const alice = await servers.connect(server, 0);
    const bob = await servers.connect(server, 1);
    const since = bob.socket.position;
    const aliceSince = alice.socket.position;
    const id = alice.socket.send({ type: 'typing', channel: 'C0GENERAL' });
    expect(await bob.socket.nextFrame((f) => f.type === 'user_typing', T, since)).toEqual({
      type: 'user_typing',
      channel: 'C0GENERAL',
      user: 'U0ALICE01',
    });
    // A ping after the typing frame: its pong proves the server has handled typing without replying.
    const { reply } = await alice.socket.request({ type: 'ping' }, T);
    expect(reply).toMatchObject({ type: 'pong' });
    expect(alice.socket.framesSince(aliceSince).filter((f) => f.reply_to === id)).toEqual([]);
  });

  it('echoes every flat ping argument, with its JSON type, in the pong', async () => {
    const server = await servers.start();
    const { socket } = await servers.connect(server);
    const args = { time: 1403299273342, s: 'ünï 🎉', f: 1.5, b: false, n: null, nested: { x: 1 } };
    const { id, reply } = await socket.request({ type: 'ping', ...args }, T);
    expect(reply).toEqual({ type: 'pong', reply_to: id, time: 1403299273342, s: 'ünï 🎉', f: 1.5, b: false, n: null });
  });

  it('processes frames without id, with id 0 or a non-integer id, and replies to unknown types without closing', async () => {
    const server = await servers.start();
    const alice = await servers.connect(server, 0);
    const bob = await servers.connect(server, 1);
    const since = bob.socket.position;
    alice.socket.sendRaw(JSON.stringify({ type: 'message', channel: 'C0GENERAL', text: 'no id' }));
    alice.socket.sendRaw(JSON.stringify({ id: 0, type: 'message', channel: 'C0GENERAL', text: 'id zero' }));
    alice.socket.sendRaw(JSON.stringify({ id: 'x7', type: 'message', channel: 'C0GENERAL', text: 'string id' }));
    for (const text of ['no id', 'id zero', 'string id']) {
      expect(await bob.socket.nextFrame((f) => f.text === text, T, since)).toMatchObject({ type: 'message' });
    }
    expect((await alice.socket.request({ type: 'rtm_conformance_nonsense' }, T)).reply).toMatchObject({
      ok: false,
      error: { code: 7 },
    });
    expect(
      (await alice.socket.request({ type: 'message', channel: 'C0GENERAL', text: 'still here' }, T)).reply,
    ).toMatchObject({ ok: true });
  });

  it('answers binary frames and non-object JSON with an error event, and stays open', async () => {
    const server = await servers.start();
    const { socket } = await servers.connect(server);
    for (const raw of ['[1,2]', 'not json', '42']) {
      const since = socket.position;
      socket.sendRaw(raw);
      expect(await socket.nextFrame((f) => f.type === 'error', T, since)).toMatchObject({
        type: 'error',
        error: { code: 8 },
      });
    }
    const since = socket.position;
    socket.sendRaw(Buffer.from([1, 2, 3]), true);
    expect(await socket.nextFrame((f) => f.type === 'error', T, since)).toMatchObject({ error: { code: 9 } });
    expect((await socket.request({ type: 'ping' }, T)).reply).toMatchObject({ type: 'pong' });
  });

  it('disconnects, without a reply, a client whose frame is one byte over the limit, and accepts exactly the limit', async () => {
    const server = await servers.start({ maxMessageBytes: 2000 });
    const { socket } = await servers.connect(server);
    const exact = messageFrameOfBytes(1, 'C0GENERAL', 2000)!;
    expect(Buffer.byteLength(exact)).toBe(2000);
    socket.sendRaw(exact);
    expect(await socket.nextFrame((f) => f.reply_to === 1, T)).toMatchObject({ ok: true });
    const since = socket.position;
    const over = messageFrameOfBytes(2, 'C0GENERAL', 2001)!;
    expect(Buffer.byteLength(over)).toBe(2001);
    socket.sendRaw(over);
    expect(await socket.waitClosed(T)).not.toBe(false);
    expect(socket.framesSince(since).filter((f) => f.reply_to === 2)).toEqual([]);
  });

  it('refuses a used or expired URL in band with code 1, then closes', async () => {
    const server = await servers.start({ urlTtlMs: 200 });
    const first = await servers.connect(server);
    const again = servers.track(await RtmSocket.open(first.connect.url));
    expect(await again.nextFrame(() => true, T)).toEqual({
      type: 'error',
      error: { code: 1, msg: 'Socket URL has expired' },
    });
    expect(await again.waitClosed(T)).not.toBe(false);
    const late = await rtmConnect({ apiUrl: server.apiUrl, token: server.fixture.users[0].token });
    await new Promise((r) => setTimeout(r, 350));
    const expired = servers.track(await RtmSocket.open(late.url));
    expect(await expired.nextFrame(() => true, T)).toMatchObject({ type: 'error', error: { code: 1 } });
    expect(await expired.waitClosed(T)).not.toBe(false);
  });

  it('subscribes presence with replace semantics and reports newly added users only', async () => {
    const server = await servers.start();
    const alice = await servers.connect(server, 0, { batch_presence_aware: '1' });
    let since = alice.socket.position;
    alice.socket.send({ type: 'presence_sub', ids: ['U0BOB0002'] });
    expect(await alice.socket.nextFrame((f) => f.type === 'presence_change', T, since)).toEqual({
      type: 'presence_change',
      users: ['U0BOB0002'],
      presence: 'away',
    });
    since = alice.socket.position;
    await servers.connect(server, 1);
    expect(await alice.socket.nextFrame((f) => f.type === 'presence_change', T, since)).toEqual({
      type: 'presence_change',
      users: ['U0BOB0002'],
      presence: 'active',
    });
    since = alice.socket.position;
    alice.socket.send({ type: 'presence_sub', ids: ['U0BOB0002', 'U0ROBOT03'] });
    expect(await alice.socket.nextFrame((f) => f.type === 'presence_change', T, since)).toEqual({
      type: 'presence_change',
      users: ['U0ROBOT03'],
      presence: 'away',
    });
    since = alice.socket.position;
    alice.socket.send({ type: 'presence_sub', ids: [] });
    await alice.socket.request({ type: 'ping' }, T);
    await servers.connect(server, 2);
    await alice.socket.request({ type: 'ping' }, T);
    expect(alice.socket.framesSince(since).filter((f) => f.type === 'presence_change')).toEqual([]);
  });

  it('answers presence_query in the single form for connections that are not batch aware, and refuses over 500 ids', async () => {
    const server = await servers.start();
    const { socket } = await servers.connect(server, 0);
    const since = socket.position;
    socket.send({ type: 'presence_query', ids: ['U0ALICE01', 'U0BOB0002'] });
    expect(await socket.nextFrame((f) => f.type === 'presence_change' && f.user === 'U0ALICE01', T, since)).toEqual({
      type: 'presence_change',
      user: 'U0ALICE01',
      presence: 'active',
    });
    expect(await socket.nextFrame((f) => f.type === 'presence_change' && f.user === 'U0BOB0002', T, since)).toEqual({
      type: 'presence_change',
      user: 'U0BOB0002',
      presence: 'away',
    });
    const ids = Array.from({ length: 501 }, (_, i) => `U${i}`);
    expect((await socket.request({ type: 'presence_query', ids }, T)).reply).toMatchObject({
      ok: false,
      error: { code: 11 },
    });
  });

  it('rate-limits sustained sending with code -1 replies, then disconnects', async () => {
    const server = await servers.start({ rateLimit: { perSecond: 1, burst: 3, disconnectAfter: 4 } });
    const { socket } = await servers.connect(server);
    const replies = [];
    for (let i = 0; i < 7; i++)
      replies.push((await socket.request({ type: 'message', channel: 'C0GENERAL', text: `m${i}` }, T)).reply);
    expect(replies.slice(0, 3).every((r) => typeof r === 'object' && r.ok === true)).toBe(true);
    expect(replies.slice(3)).toEqual(
      [3, 4, 5, 6].map((i) => ({
        ok: false,
        reply_to: i + 1,
        error: { code: -1, msg: 'slow down, too many messages...' },
      })),
    );
    socket.send({ type: 'message', channel: 'C0GENERAL', text: 'one too many' });
    expect(await socket.waitClosed(T)).not.toBe(false);
  });

  it('sends goodbye at the maximum connection lifetime, then closes', async () => {
    const server = await servers.start({ maxConnectionMs: 100, goodbyeLeadMs: 50 });
    const { socket } = await servers.connect(server);
    expect(await socket.nextFrame((f) => f.type === 'goodbye', T)).toEqual({ type: 'goodbye' });
    expect(await socket.waitClosed(T)).not.toBe(false);
  });
});
