import fc from 'fast-check';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { Redactor } from '../../../harness/redact.js';
import { IdSource } from '../../../harness/protocol/ids.js';
import { RtmSocket } from '../../../harness/session/rtm-socket.js';
import { Transcript } from '../../../harness/session/transcript.js';
import { TargetGone } from '../../../harness/check/gone.js';
import { RunHealth } from '../../../harness/target/run-health.js';
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

  it('ends a wait on a connection that has already closed at once, with the close', async () => {
    const raw = await rawServer((ws) => {
      ws.send('{"type":"hello"}');
      ws.close(1000);
    });
    try {
      const socket = servers.track(await RtmSocket.open(raw.url));
      expect(await socket.waitClosed(2000)).toMatchObject({ code: 1000 });
      // A wait from now on: nothing more can come, so it ends with the close, not after its minute.
      const wait = socket.next(() => false, 60_000, socket.position);
      const raced = await Promise.race([wait, new Promise((r) => setTimeout(() => r('still waiting'), 500))]);
      expect(raced).toMatchObject({ kind: 'closed', code: 1000 });
      expect(await socket.nextFrame(() => true, 60_000, socket.position)).toBe('closed');
    } finally {
      await raw.close();
    }
  });

  it('keeps what the page describes through a flood of unknown events, and only the latest of those', async () => {
    const raw = await rawServer((ws) => {
      ws.send('{"type":"hello"}');
      for (let r = 1; r <= 50; r++) {
        for (let n = 0; n < 1000; n++) ws.send(`{"type":"x_flood","n":${n}}`);
        ws.send(JSON.stringify({ ok: true, reply_to: r, ts: `1700000000.${String(r).padStart(6, '0')}` }));
      }
      ws.send('{"type":"x_done"}');
    });
    try {
      const socket = servers.track(await RtmSocket.open(raw.url));
      expect(await socket.nextFrame((f) => f.type === 'x_done', 10_000)).toMatchObject({ type: 'x_done' });
      const reads = socket.readsSince(0);
      expect(reads[0].kind).toBe('hello');
      // Every ack among 50 000 unknown events is still there to be read (a window reads its replies afterwards).
      expect(reads.filter((r) => r.kind === 'ack').map((r) => r.raw.reply_to)).toEqual(
        Array.from({ length: 50 }, (_, i) => i + 1),
      );
      // Of the unknown events, only the latest are kept (200 by default), the rest counted as dropped.
      expect(reads.filter((r) => r.kind === 'event').length).toBeLessThanOrEqual(200 + 16);
      expect(socket.droppedCount).toBeGreaterThanOrEqual(49_000);
      expect(socket.position).toBe(1 + 50 * 1001 + 1);
    } finally {
      await raw.close();
    }
  });

  it('bounds the events kept per connection in bytes, not only in number', async () => {
    const text = 'x'.repeat(10_000);
    const raw = await rawServer((ws) => {
      ws.send('{"type":"hello"}');
      for (let i = 1; i <= 100; i++)
        ws.send(JSON.stringify({ type: 'message', channel: 'C1', ts: `1700000000.${i}`, text, n: i }));
    });
    try {
      const socket = servers.track(await RtmSocket.open(raw.url, { maxEventBytes: 256 * 1024 }));
      expect(await socket.nextFrame((f) => f.n === 100, 10_000)).toMatchObject({ n: 100 });
      const kept = socket.eventsSince(0).flatMap((e) => (e.kind === 'frame' ? [e] : []));
      expect(kept.reduce((sum, e) => sum + e.bytes, 0)).toBeLessThanOrEqual(256 * 1024);
      // The first frames (hello) and the latest stay; the older messages in between go.
      expect(kept[0].frame).toEqual({ type: 'hello' });
      expect(kept.at(-1)?.frame.n).toBe(100);
      expect(socket.droppedCount).toBeGreaterThan(50);
    } finally {
      await raw.close();
    }
  });

  describe("the run's health", () => {
    /** A target that says hello, then answers every frame it gets with `flood` unknown events, and a reply when `answers(n)`. */
    async function flooding(flood: number, answers: (n: number) => boolean) {
      const received: unknown[] = [];
      const raw = await rawServer((ws) => {
        ws.send('{"type":"hello"}');
        ws.on('message', (data) => {
          const frame = JSON.parse(data.toString());
          received.push(frame);
          for (let n = 0; n < flood; n++) ws.send(`{"type":"x_flood","n":${n}}`);
          if (answers(received.length)) ws.send(JSON.stringify({ type: 'pong', reply_to: frame.id }));
        });
      });
      return { raw, received };
    }

    it('recognises a target that floods without answering once: after 3 waits, nothing more is sent', async () => {
      const { raw, received } = await flooding(2000, () => false);
      try {
        const health = new RunHealth();
        const socket = servers.track(await RtmSocket.open(raw.url, { health }));
        for (let i = 0; i < 3; i++) {
          expect(health.mute).toBeUndefined();
          expect((await socket.request({ type: 'ping' }, 1000)).reply).toBe('timeout');
        }
        expect(health.mute).toMatch(/floods without answering .*2000 other frames arrived; 3 waits in a row/);
        // The next check that sends ends at once with the reason, and the target gets nothing more.
        await expect(socket.request({ type: 'ping' }, 60_000)).rejects.toThrow(TargetGone);
        expect(() => socket.send({ type: 'message', channel: 'C1', text: 'x' })).toThrow(/floods without answering/);
        expect(received).toHaveLength(3);
        // Connections are still allowed: what needs no more than hello is judged.
        expect(() => health.assertAlive()).not.toThrow();
      } finally {
        await raw.close();
      }
    });

    it('judges a chatty target that answers by its checks: a reply breaks the row of flooded waits', async () => {
      const { raw } = await flooding(2000, (n) => n % 2 === 0);
      try {
        const health = new RunHealth();
        const socket = servers.track(await RtmSocket.open(raw.url, { health }));
        const replies = [];
        for (let i = 0; i < 6; i++) replies.push((await socket.request({ type: 'ping' }, 1000)).reply);
        expect(replies.filter((r) => r === 'timeout')).toHaveLength(3);
        expect(health.mute).toBeUndefined();
      } finally {
        await raw.close();
      }
    });

    it('recognises a target whose every connection carries a frame over the cap once, after 3 connections', async () => {
      const raw = await rawServer((ws) => {
        ws.send('{"type":"hello"}');
        ws.send('x'.repeat(300_000));
      });
      try {
        const health = new RunHealth();
        for (let i = 0; i < 3; i++) {
          expect(health.mute).toBeUndefined();
          const socket = servers.track(
            await RtmSocket.open(raw.url, { health, maxFrameBytes: 100_000, name: `c${i}` }),
          );
          expect(await socket.nextFrame((f) => f.type === 'hello', 2000)).toEqual({ type: 'hello' });
          expect(await socket.waitClosed(2000)).toMatchObject({ reason: expect.stringMatching(/over 100000 bytes/) });
        }
        expect(health.mute).toMatch(/every connection is ended by a frame over the cap .*3 connections in a row/);
        expect(() => health.assertAnswers()).toThrow(TargetGone);
        expect(() => health.assertAlive()).not.toThrow();
      } finally {
        await raw.close();
      }
    });
  });

  it('keeps a bounded, redacted transcript with times', async () => {
    const redactor = new Redactor();
    redactor.add('xoxp-secret-token');
    const transcript = new Transcript(redactor, 3);
    for (let i = 0; i < 5; i++)
      transcript.add('out', 'c1', `frame ${i} xoxp-secret-token wss://h.example/websocket/T1CKET?x=1`);
    const lines = transcript.snapshot();
    // 3 lines: no head (an eighth of 3), 1 line written, 2 received; the 4 older written lines are a note.
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ dir: 'note', text: '4 earlier lines not kept' });
    expect(lines[1]).toMatchObject({ dir: 'out', text: expect.stringMatching(/^frame 4 /) });
    expect(lines.map((l) => l.text).join('\n')).not.toMatch(/secret|T1CKET/);
  });

  it('keeps the head of a transcript, and what the harness sent, through a flood of frames received', () => {
    const transcript = new Transcript(new Redactor(), 40);
    transcript.add('note', 'c1', 'connected');
    transcript.add('in', 'c1', '{"type":"hello"}');
    for (let i = 0; i < 10; i++) transcript.add('in', 'c1', `{"type":"x_flood","n":${i}}`);
    transcript.add('out', 'c1', '{"id":1,"type":"ping"}');
    const mark = transcript.mark();
    for (let i = 10; i < 20_000; i++) transcript.add('in', 'c1', `{"type":"x_flood","n":${i}}`);
    transcript.add('out', 'c1', '{"id":2,"type":"ping"}');
    for (let i = 20_000; i < 30_000; i++) transcript.add('in', 'c1', `{"type":"x_flood","n":${i}}`);
    transcript.add('note', 'c1', 'closed 1006');

    const lines = transcript.snapshot();
    const texts = lines.map((l) => l.text);
    // Bounded: at most 40 lines kept, and a note per gap.
    const kept = lines.filter((l) => !/not kept$/.test(l.text));
    expect(kept.length).toBeLessThanOrEqual(40);
    // The head (the connection and hello), both frames sent and the close survive 30 000 frames received.
    expect(texts.slice(0, 2)).toEqual(['connected', '{"type":"hello"}']);
    for (const t of ['{"id":1,"type":"ping"}', '{"id":2,"type":"ping"}', 'closed 1006']) expect(texts).toContain(t);
    // The latest frames received are kept; the gaps say how many lines are missing, and they add up.
    expect(texts).toContain('{"type":"x_flood","n":29999}');
    const missing = lines
      .flatMap((l) => /^(\d+) (?:earlier )?lines? not kept$/.exec(l.text) ?? [])
      .filter((_, i) => i % 2);
    expect(missing.reduce((a, n) => a + Number(n), 0) + kept.length).toBe(30_000 + 5);
    // Read from a mark: what came after it, the frame sent among them, a note for the rest.
    const after = transcript.since(mark).map((l) => l.text);
    expect(after[0]).toMatch(/^\d+ earlier lines not kept$/);
    expect(after).toContain('{"id":2,"type":"ping"}');
    expect(after).not.toContain('{"id":1,"type":"ping"}');
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
