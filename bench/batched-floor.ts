import { openSockets } from './open-model-client.js';

export interface BatchedFloorResult {
  sent: number;
  acked: number;
  seconds: number;
  /** This process's CPU (user + system, µs) from the first send to the last ack. */
  cpuUs: number;
}

interface Corkable {
  cork(): void;
  uncork(): void;
}

/**
 * A bound, not a tool: raw ws, and at every Node timer tick (1 ms at best) all messages then due leave
 * together, one system call per socket; acks are parsed and counted, nothing is timed. It shows what CPU
 * per message this machine and this stack (Node, ws, loopback) ask of a sender that holds messages for up
 * to a tick; a sender that sends each message at its own due time makes a system call per message instead.
 * Bounded by `seconds`, then up to 2 s of drain.
 */
export async function driveBatchedFloor(
  urls: string[],
  channel: string,
  rate: number,
  seconds: number,
): Promise<BatchedFloorResult> {
  const sockets = await openSockets(urls);
  let acked = 0;
  for (const ws of sockets) {
    ws.on('message', (d) => {
      if (typeof (JSON.parse(d.toString()) as { reply_to?: unknown }).reply_to === 'number') acked += 1;
    });
  }
  const total = Math.round(rate * seconds);
  const streams = sockets.map((ws) => (ws as unknown as { _socket: Corkable })._socket);
  let sent = 0;
  const cpuBefore = process.cpuUsage();
  const t0 = performance.now();
  await new Promise<void>((resolve) => {
    const tick = () => {
      const elapsed = performance.now() - t0;
      for (const s of streams) s.cork();
      // Ids start at 1 on every socket: a server may ignore id 0.
      while (sent < total && (sent * 1000) / rate <= elapsed) {
        sockets[sent % sockets.length].send(
          `{"id":${Math.floor(sent / sockets.length) + 1},"type":"message","channel":"${channel}","text":"load ${sent}"}`,
        );
        sent += 1;
      }
      for (const s of streams) s.uncork();
      if (sent >= total) resolve();
      else setTimeout(tick, 1);
    };
    tick();
  });
  const drainUntil = performance.now() + 2000;
  while (acked < sent && performance.now() < drainUntil) await new Promise((r) => setTimeout(r, 5));
  const cpu = process.cpuUsage(cpuBefore);
  const result = { sent, acked, seconds: (performance.now() - t0) / 1000, cpuUs: cpu.user + cpu.system };
  for (const ws of sockets) ws.terminate();
  return result;
}
