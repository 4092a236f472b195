import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { gradeRecording } from '../../../harness/proxy/grade.js';
import { type RecorderBounds, DEFAULT_RECORDER_BOUNDS } from '../../../harness/proxy/recorder.js';
import { startProxy } from '../../../harness/proxy/proxy.js';
import { FAULTS } from '../../../harness/server/faults/index.js';
import { startServer } from '../../../harness/server/server.js';
import { TEST_SETTINGS } from './rtm-api-through-proxy.js';

/**
 * A hand-driven client through the proxy: rtm.connect, hello, two ordinary messages and their acks, then one frame of
 * `lastBytes` (waiting until the connection closes, or past the reply timeout).
 */
async function record(faults: string[], lastBytes: number, bounds?: RecorderBounds, maxFrameBytes = 1 << 20) {
  const server = await startServer({ faults });
  const file = join(mkdtempSync(join(tmpdir(), 'rtm-proxy-raw-')), 'recording.jsonl');
  const settings = { ...TEST_SETTINGS, maxFrameBytes };
  const proxy = await startProxy({ upstream: server.apiUrl, recordingFile: file, settings, bounds });
  try {
    const answer = await fetch(`${proxy.apiUrl}rtm.connect`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.fixture.users[0].token}` },
    });
    const ws = new WebSocket(((await answer.json()) as { url: string }).url);
    const closed = new Promise((resolve) => ws.once('close', resolve));
    const frames: Record<string, unknown>[] = [];
    let wake = () => {};
    ws.on('message', (data) => {
      frames.push(JSON.parse(String(data)));
      wake();
    });
    const until = (n: number) => new Promise<void>((resolve) => (wake = () => frames.length >= n && resolve()));
    await until(1);
    const channel = server.fixture.channels[0].id;
    for (const id of [1, 2]) ws.send(JSON.stringify({ id, type: 'message', channel, text: `ordinary ${id}` }));
    await until(3);
    ws.send(JSON.stringify({ id: 3, type: 'message', channel, text: 'x'.repeat(lastBytes) }));
    await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 2 * TEST_SETTINGS.replyTimeoutMs))]);
    ws.close();
    await closed;
  } finally {
    await proxy.close();
    await server.close();
  }
  const { results } = await gradeRecording(file, { version: 'test', strict: false }, []);
  return { by: Object.fromEntries(results.map((r) => [r.id, r])), recording: readFileSync(file, 'utf8') };
}

describe('proxy: a hand-driven client', () => {
  it('a frame over 16 KB: the reference server disconnects (pass, limit observed), no-size-limit does not (fail, as run)', async () => {
    const { by: reference } = await record([], 17_000);
    expect(reference['size.over-limit-disconnects'].status).toBe('pass');
    expect(reference['size.over-limit-disconnects'].message).toMatch(/1 over-limit frames/);
    expect(reference['size.observed-limit'].status).toBe('info');
    expect(reference['size.observed-limit'].message).toMatch(
      /^largest frame acknowledged: \d{2} bytes; a 170\d\d-byte frame was the last before the server disconnected/,
    );
    // The client is graded too: that frame is over the limit the page sets for clients.
    expect(reference['client.message-size'].status).toBe('warn');
    const { by: faulty } = await record(['no-size-limit'], 17_000);
    const requirement = FAULTS.get('no-size-limit')!.caughtBy!['size.over-limit-disconnects'];
    expect(faulty['size.over-limit-disconnects'].status).toBe('fail');
    expect(faulty['size.over-limit-disconnects'].expected).toEqual([requirement]);
  });

  it("a frame over the proxy's own bound ends the connection, as the proxy's close, and blames no peer", async () => {
    const { by: over, recording } = await record([], 2000, undefined, 1024);
    expect(recording).toMatch(
      /"kind":"close","t":[\d.]+,"conn":1,"by":"proxy","code":1009,"reason":"client: a frame of 20\d\d bytes/,
    );
    expect(over['size.over-limit-disconnects'].status).toBe('skip');
    expect(over['reply.correlates'].status).toBe('pass');
  });

  it('a recording that lost lines to its bound is judged by no check: each is an error saying why', async () => {
    const { by: whole } = await record([], 10);
    expect(Object.values(whole).filter((r) => r.status === 'error')).toEqual([]);
    const { by: cut } = await record([], 10, { ...DEFAULT_RECORDER_BOUNDS, maxFileBytes: 600 });
    expect(Object.values(cut).map((r) => r.status)).toEqual(Object.values(cut).map(() => 'error'));
    expect(cut['reply.correlates'].message).toMatch(/^the recording lost \d+ line\(s\) to its bound/);
  });
});
