import fc from 'fast-check';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { Redactor } from '../../../harness/redact.js';
import { IdSource } from '../../../harness/protocol/ids.js';
import { RtmSocket } from '../../../harness/session/rtm-socket.js';
import { Transcript } from '../../../harness/session/transcript.js';
import { useServers } from '../../helpers/server.js';

const servers = useServers();

/** A bare ws server on 127.0.0.1:0 that runs `onConnection`; for targets the reference server cannot imitate. */
async function rawServer(onConnection: (ws: import('ws').WebSocket) => void) {
  const http = createServer();
  const wss = new WebSocketServer({ server: http });
  wss.on('connection', onConnection);
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  const url = `ws://127.0.0.1:${(http.address() as AddressInfo).port}/websocket/abc`;
  return {
    url,
    close: () =>
      new Promise<void>((r) => {
        for (const c of wss.clients) c.terminate();
        wss.close();
        http.close(() => r());
      }),
  };
}

describe('session: RtmSocket', () => {
  it('matches replies by reply_to in any order', async () => {
    const server = await servers.start({ faults: ['reorder-acks'], seed: 3 });
    const { socket } = await servers.connect(server);
    const requests = Array.from({ length: 30 }, (_, i) =>
      socket.request({ type: 'message', channel: 'C0GENERAL', text: `t${i}` }, 2000),
    );
    const replies = await Promise.all(requests);
    for (const [i, r] of replies.entries()) expect(r.reply).toMatchObject({ reply_to: r.id, text: `t${i}` });
    const order = socket
      .framesSince(0)
      .filter((f) => typeof f.reply_to === 'number')
      .map((f) => f.reply_to);
    expect(order).not.toEqual([...order].sort((a, b) => (a as number) - (b as number)));
  });

  it('ends a wait for a reply that never comes with a timeout event, not a hang', async () => {
    const server = await servers.start({ faults: ['drop-ack'] });
    const { socket } = await servers.connect(server);
    const replies = [];
    for (let i = 0; i < 7; i++)
      replies.push((await socket.request({ type: 'message', channel: 'C0GENERAL', text: `t${i}` }, 150)).reply);
    expect(replies[6]).toBe('timeout');
  });

  it('passes unknown server events through untouched', async () => {
    const server = await servers.start({ faults: ['chatty'] });
    const { socket } = await servers.connect(server);
    const { reply } = await socket.request({ type: 'ping' }, 2000);
    expect(reply).toMatchObject({ type: 'pong' });
    expect(socket.framesSince(0).some((f) => f.type === 'rtm_conformance_unknown_event')).toBe(true);
  });

  it('closes, and reports it as an event, when the target sends a frame over the cap', async () => {
    const raw = await rawServer((ws) => ws.send('x'.repeat(300_000)));
    try {
      const transcript = new Transcript(new Redactor(), 50);
      const socket = servers.track(await RtmSocket.open(raw.url, { maxFrameBytes: 100_000, transcript }));
      // ws ends the connection (it sends 1009; locally that is an abnormal 1006 close).
      const closed = await socket.waitClosed(2000);
      // The close is the one event a reader sees: the frame over the cap never became a frame or unparsable event.
      expect(socket.eventsSince(0).map((e) => e.kind)).toEqual(['closed']);
      expect(closed).toEqual({ code: expect.any(Number), reason: expect.any(String) });
      expect(socket.isOpen).toBe(false);
      // And the transcript says why it closed.
      expect(transcript.snapshot().map((l) => l.text)).toEqual(
        expect.arrayContaining([expect.stringMatching(/^socket error: /), expect.stringMatching(/^closed \d+/)]),
      );
    } finally {
      await raw.close();
    }
  });

  it('keeps a bounded, redacted transcript with times', async () => {
    const redactor = new Redactor();
    redactor.add('xoxp-secret-token');
    const transcript = new Transcript(redactor, 3);
    for (let i = 0; i < 5; i++)
      transcript.add('out', 'c1', `frame ${i} xoxp-secret-token wss://h.example/websocket/T1CKET?x=1`);
    const lines = transcript.snapshot();
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatchObject({ dir: 'note', text: '2 earlier lines not kept' });
    expect(lines.map((l) => l.text).join('\n')).not.toMatch(/secret|T1CKET/);
  });

  it(`gives each connection unique positive integer ids (seed 11)`, () => {
    fc.assert(
      fc.property(fc.nat({ max: 5000 }), (n) => {
        const ids = new IdSource();
        const seen = new Set<number>();
        for (let i = 0; i < n; i++) {
          const id = ids.next();
          if (!Number.isSafeInteger(id) || id <= 0 || seen.has(id)) return false;
          seen.add(id);
        }
        return true;
      }),
      { seed: 11, numRuns: 50 },
    );
  });
});
