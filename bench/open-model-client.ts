import WebSocket from 'ws';

export interface OpenModelResult {
  sent: number;
  acked: number;
  seconds: number;
}

/**
 * A minimal open-model sender for benchmarks: message i is due at T0 + i/rate, round-robin over the
 * sockets, sent from a setImmediate loop; bounded by `seconds`, then up to 2 s of drain.
 */
export async function driveOpenModel(urls: string[], channel: string, rate: number, seconds: number): Promise<OpenModelResult> {
  const sockets = await Promise.all(
    urls.map(
      (url) =>
        new Promise<WebSocket>((resolve, reject) => {
          const ws = new WebSocket(url, { perMessageDeflate: false });
          ws.once('message', () => resolve(ws)); // hello
          ws.once('error', reject);
        }),
    ),
  );
  let acked = 0;
  for (const ws of sockets) ws.on('message', (d) => {
    if ((JSON.parse(d.toString()) as { reply_to?: number }).reply_to !== undefined) acked += 1;
  });
  const total = Math.round(rate * seconds);
  const ids = sockets.map(() => 0);
  const t0 = performance.now();
  let sent = 0;
  await new Promise<void>((resolve) => {
    const loop = () => {
      const now = performance.now();
      while (sent < total && t0 + (sent * 1000) / rate <= now) {
        const k = sent % sockets.length;
        ids[k] += 1;
        sockets[k].send(`{"id":${ids[k]},"type":"message","channel":"${channel}","text":"hello"}`);
        sent += 1;
      }
      if (sent >= total) resolve();
      else setImmediate(loop);
    };
    loop();
  });
  const drainUntil = performance.now() + 2000;
  while (acked < sent && performance.now() < drainUntil) await new Promise((r) => setTimeout(r, 5));
  const result = { sent, acked, seconds: (performance.now() - t0) / 1000 };
  for (const ws of sockets) ws.terminate();
  return result;
}
