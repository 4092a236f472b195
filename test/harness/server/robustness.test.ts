import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { openSession } from '../../../harness/session/open-session.js';
import { useServers } from '../../helpers/server.js';

const servers = useServers();
const SEED = 20261129;
const T = 3000;

/** Anything a broken or hostile client might write on the socket. */
const hostileFrame = fc.oneof(
  fc.json().map((text) => ({ text })),
  fc.uint8Array({ maxLength: 64 }).map((bytes) => ({ bytes: Buffer.from(bytes), binary: true })),
  fc.uint8Array({ maxLength: 64 }).map((bytes) => ({ bytes: Buffer.from([0xff, 0xfe, ...bytes]), binary: false })),
  fc.nat({ max: 200 }).map((depth) => ({ text: '['.repeat(depth * 50) + ']'.repeat(depth * 50) })),
  fc.constant({ text: JSON.stringify({ id: 1, type: 'message', channel: 'C0GENERAL', text: 'x'.repeat(17_000) }) }),
  fc
    .record({
      id: fc.oneof(fc.integer(), fc.string(), fc.constant(null)),
      type: fc.constantFrom('message', 'ping', 'typing', 'presence_sub', 'presence_query', 'zzz'),
      channel: fc.string(),
      text: fc.anything(),
      ids: fc.anything(),
    })
    .map((f) => ({ text: JSON.stringify(f) })),
);

describe('reference server robustness', () => {
  it(`survives random frames and keeps serving its other connections (seed ${SEED})`, async () => {
    const server = await servers.start();
    const bystander = await servers.connect(server, 1);
    await fc.assert(
      fc.asyncProperty(fc.array(hostileFrame, { minLength: 1, maxLength: 8 }), async (frames) => {
        const { socket } = await openSession({ apiUrl: server.apiUrl, token: server.fixture.users[0].token });
        try {
          for (const f of frames) {
            if ('bytes' in f) socket.sendRaw(f.bytes, f.binary);
            else socket.sendRaw(f.text);
          }
          // The hostile connection may be closed (oversized frame); the bystander must still be served.
          const { reply } = await bystander.socket.request(
            { type: 'message', channel: 'C0GENERAL', text: 'still up?' },
            T,
          );
          expect(reply).toMatchObject({ ok: true });
        } finally {
          socket.terminate();
        }
      }),
      { seed: SEED, numRuns: 60 },
    );
  });

  it('holds 1,000 concurrent connections that all get their acks', async () => {
    const server = await servers.start();
    // All alice, posting to a channel whose only other member is never connected: acks without fan-out.
    const alice = server.fixture.users[0];
    const sessions = [];
    for (let batch = 0; batch < 10; batch++) {
      sessions.push(
        ...(await Promise.all(
          Array.from({ length: 100 }, () => openSession({ apiUrl: server.apiUrl, token: alice.token })),
        )),
      );
    }
    try {
      expect(server.connectionCount()).toBe(1000);
      const replies = await Promise.all(
        sessions.map((s, i) => s.socket.request({ type: 'message', channel: 'C0RANDOM1', text: `n${i}` }, 20_000)),
      );
      expect(
        replies.filter((r, i) => typeof r.reply === 'object' && r.reply.ok === true && r.reply.text === `n${i}`),
      ).toHaveLength(1000);
    } finally {
      for (const s of sessions) s.socket.terminate();
    }
  });
});
