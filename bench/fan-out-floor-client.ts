import type WebSocket from 'ws';
import { type Percentiles, newHistogram, percentiles, recordMs } from '../harness/load/histograms.js';
import { monotonicMs } from '../harness/load/monotonic.js';

export interface FanOutFloorResult {
  sent: number;
  received: number;
  delivery: Percentiles;
  sendLag: Percentiles;
}

/**
 * The fan-out floor: a minimal raw-ws client that records receipt times and nothing else of ours but the
 * histogram. Message i is due at T0 + i/rate, on socket i mod n, to channel i mod K, its text the due time in
 * µs of the monotonic clock; every socket (a member) parses each frame and records now − due for each `message`.
 * No matching to sends, no duplicates, no order: what any delivery timer must do at least. Bounded by `seconds`,
 * then until every delivery came or 2 s.
 */
export async function driveFanOutFloor(
  sockets: WebSocket[],
  channels: string[],
  rate: number,
  seconds: number,
): Promise<FanOutFloorResult> {
  const total = Math.round(rate * seconds);
  const toMonotonicMs = monotonicMs() - performance.now();
  const delivery = newHistogram();
  const lag = newHistogram();
  let received = 0;
  for (const ws of sockets) {
    ws.on('message', (d) => {
      const now = performance.now();
      const frame = JSON.parse(d.toString()) as { type?: string; text?: string };
      if (frame.type !== 'message' || typeof frame.text !== 'string') return;
      received += 1;
      recordMs(delivery, now + toMonotonicMs - Number(frame.text.slice(2)) / 1000);
    });
  }
  const t0 = performance.now();
  let sent = 0;
  await new Promise<void>((resolve) => {
    const loop = () => {
      const now = performance.now();
      while (sent < total && (sent * 1000) / rate <= now - t0) {
        const due = t0 + (sent * 1000) / rate;
        const dueUs = Math.round((due + toMonotonicMs) * 1000);
        recordMs(lag, performance.now() - due);
        sockets[sent % sockets.length].send(
          `{"id":${sent + 1},"type":"message","channel":"${channels[sent % channels.length]}","text":"f ${dueUs}"}`,
        );
        sent += 1;
      }
      if (sent >= total) resolve();
      else setImmediate(loop);
    };
    loop();
  });
  const expected = sent * (sockets.length - 1);
  const drainUntil = performance.now() + 2000;
  while (received < expected && performance.now() < drainUntil) await new Promise((r) => setTimeout(r, 5));
  for (const ws of sockets) ws.removeAllListeners('message');
  return { sent, received, delivery: percentiles(delivery), sendLag: percentiles(lag) };
}
