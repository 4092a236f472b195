import WebSocket from 'ws';
import { rtmConnect } from '../harness/session/rtm-connect.js';
import { type Percentiles, newHistogram, percentiles, recordMs } from '../harness/load/histograms.js';

export interface OpenModelResult {
  sent: number;
  acked: number;
  seconds: number;
  corrected: Percentiles;
  raw: Percentiles;
  sendLag: Percentiles;
}

/** `n` socket URLs from rtm.connect with one token. */
export function socketUrls(apiUrl: string, token: string, n: number): Promise<string[]> {
  return Promise.all(Array.from({ length: n }, async () => (await rtmConnect({ apiUrl, token })).url));
}

/** Raw ws sockets to the socket URLs, each open once its hello came. */
export function openSockets(urls: string[]): Promise<WebSocket[]> {
  return Promise.all(
    urls.map(
      (url) =>
        new Promise<WebSocket>((resolve, reject) => {
          const ws = new WebSocket(url, { perMessageDeflate: false });
          ws.once('message', () => resolve(ws)); // hello
          ws.once('error', reject);
        }),
    ),
  );
}

/**
 * The floor: a minimal raw-ws open-model client with nothing of ours but the histogram. Message i is
 * due at T0 + i/rate, round robin over the sockets, sent from a setImmediate loop; acks matched by
 * reply_to through an array per socket. Bounded by `seconds`, then up to 2 s of drain.
 */
export async function driveOpenModel(
  urls: string[],
  channel: string,
  rate: number,
  seconds: number,
): Promise<OpenModelResult> {
  const sockets = await openSockets(urls);
  const total = Math.round(rate * seconds);
  // Index 0 is a placeholder: ids are positive integers, and a server may ignore id 0.
  const due: number[][] = sockets.map(() => [Number.NaN]);
  const sentAt: number[][] = sockets.map(() => [Number.NaN]);
  const corrected = newHistogram();
  const raw = newHistogram();
  const lag = newHistogram();
  let acked = 0;
  sockets.forEach((ws, k) => {
    ws.on('message', (d) => {
      const now = performance.now();
      const id = (JSON.parse(d.toString()) as { reply_to?: number }).reply_to;
      if (id === undefined) return;
      acked += 1;
      recordMs(corrected, now - due[k][id]);
      recordMs(raw, now - sentAt[k][id]);
    });
  });
  const t0 = performance.now();
  let sent = 0;
  await new Promise<void>((resolve) => {
    const loop = () => {
      const now = performance.now();
      while (sent < total && (sent * 1000) / rate <= now - t0) {
        const k = sent % sockets.length;
        const id = due[k].length;
        due[k].push(t0 + (sent * 1000) / rate);
        const s = performance.now();
        sentAt[k].push(s);
        recordMs(lag, s - due[k][id]);
        sockets[k].send(`{"id":${id},"type":"message","channel":"${channel}","text":"hello"}`);
        sent += 1;
      }
      if (sent >= total) resolve();
      else setImmediate(loop);
    };
    loop();
  });
  const drainUntil = performance.now() + 2000;
  while (acked < sent && performance.now() < drainUntil) await new Promise((r) => setTimeout(r, 5));
  const result = {
    sent,
    acked,
    seconds: (performance.now() - t0) / 1000,
    corrected: percentiles(corrected),
    raw: percentiles(raw),
    sendLag: percentiles(lag),
  };
  for (const ws of sockets) ws.terminate();
  return result;
}
