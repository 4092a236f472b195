import { writeFileSync } from 'node:fs';
import { type FanOut, fanOutChannelIds } from '../harness/load/delivery/fan-out-fixture.js';
import { deliveryBarrier } from '../harness/load/delivery/tracker.js';
import { percentilesOf } from '../harness/load/histograms.js';
import { OpenModelSender } from '../harness/load/sender.js';
import { startServerProcess } from '../harness/load/server-process.js';
import { driveFanOutFloor } from './fan-out-floor-client.js';
import { compareReceivePaths } from './receive-path.js';
import { openSockets } from './open-model-client.js';
import { rtmConnect } from '../harness/session/rtm-connect.js';

export interface DeliveryRow {
  client: 'floor' | 'load';
  round: number;
  rate: number;
  sent: number;
  received: number;
  expected: number;
  p50Us: number;
  p99Us: number;
  /** This process's CPU (user + system) per delivery received, µs: both clients run here, the server does not. */
  cpuUsPerDelivery: number;
}

/**
 * The load module's fan-out delivery timing beside the fan-out floor (a raw-ws client that records receipt times),
 * against the same server process (M members, K channels), at the same rate, alternating floor and load `rounds`
 * times in one run. Both spin their send loop; the load module also matches receipts to sends per recipient.
 */
export async function compareDeliveryToFloor(
  rate: number,
  seconds: number,
  fanOut: FanOut,
  rounds: number,
): Promise<DeliveryRow[]> {
  const server = await startServerProcess([], fanOut);
  const channels = fanOutChannelIds(fanOut);
  const rows: DeliveryRow[] = [];
  const timed = async <T>(f: () => Promise<T>) => {
    const before = process.cpuUsage();
    const result = await f();
    const cpu = process.cpuUsage(before);
    return { result, cpuUs: cpu.user + cpu.system };
  };
  try {
    // Round 0 warms both up (JIT, the server's first fan-outs) and is not reported.
    for (let round = 0; round <= rounds; round++) {
      const stepSec = round === 0 ? 1 : seconds;
      const urls = [];
      for (const token of server.tokens) urls.push((await rtmConnect({ apiUrl: server.apiUrl, token })).url);
      const sockets = await openSockets(urls);
      const floor = await timed(() => driveFanOutFloor(sockets, channels, rate, stepSec));
      for (const ws of sockets) ws.terminate();
      rows.push({
        client: 'floor',
        round,
        rate,
        sent: floor.result.sent,
        received: floor.result.received,
        expected: floor.result.sent * (fanOut.members - 1),
        p50Us: floor.result.delivery.p50,
        p99Us: floor.result.delivery.p99,
        cpuUsPerDelivery: floor.cpuUs / Math.max(1, floor.result.received),
      });
      const sender = new OpenModelSender({
        apiUrl: server.apiUrl,
        tokens: server.tokens,
        channel: channels[0],
        connections: fanOut.members,
        steps: [{ rate, durationSec: stepSec }],
        warmupSec: 0,
        replyTimeoutMs: 5000,
        maxFrameBytes: 1 << 20,
        schedule: 'spin',
        delivery: { channels, sender: 0, senders: 1, barrier: deliveryBarrier() },
      });
      await sender.open();
      const load = await timed(() => sender.run());
      sender.close();
      const [step] = load.result;
      const d = percentilesOf([step.delivery!.latency]);
      rows.push({
        client: 'load',
        round,
        rate,
        sent: step.counters.sent,
        received: step.delivery!.received,
        expected: step.counters.sent * (fanOut.members - 1),
        p50Us: d.p50,
        p99Us: d.p99,
        cpuUsPerDelivery: load.cpuUs / Math.max(1, step.delivery!.received),
      });
    }
  } finally {
    await server.stop();
  }
  return rows.filter((r) => r.round > 0);
}

/** The table `npm run bench` prints, and the ratios (load / floor) of each round. */
export function deliveryTable(rows: DeliveryRow[]): string[] {
  const lines = ['round   client   sent   received/expected   p50 µs   p99 µs   CPU µs/delivery'];
  for (const r of rows)
    lines.push(
      `${String(r.round).padEnd(7)} ${r.client.padEnd(6)} ${String(r.sent).padStart(6)} ${`${r.received}/${r.expected}`.padStart(19)} ${String(r.p50Us).padStart(8)} ${String(r.p99Us).padStart(8)} ${r.cpuUsPerDelivery.toFixed(2).padStart(17)}`,
    );
  const rounds = [...new Set(rows.map((r) => r.round))];
  const ratios = rounds.map((round) => {
    const f = rows.find((r) => r.round === round && r.client === 'floor')!;
    const l = rows.find((r) => r.round === round && r.client === 'load')!;
    return { p50: l.p50Us / f.p50Us, p99: l.p99Us / f.p99Us, cpu: l.cpuUsPerDelivery / f.cpuUsPerDelivery };
  });
  for (const [k, r] of ratios.entries())
    lines.push(
      `round ${rounds[k]}, load / floor: p50 ${r.p50.toFixed(2)}×, p99 ${r.p99.toFixed(2)}×, CPU per delivery ${r.cpu.toFixed(2)}×`,
    );
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
  lines.push(
    `median over ${ratios.length} round(s), load / floor: p50 ${median(ratios.map((r) => r.p50)).toFixed(2)}×, p99 ${median(ratios.map((r) => r.p99)).toFixed(2)}×, CPU per delivery ${median(ratios.map((r) => r.cpu)).toFixed(2)}×`,
  );
  return lines;
}

/** The fan-out section of `npm run bench` (and of `bench/delivery.ts` alone): fan-out 100, five alternating rounds after a warm-up one. */
export async function deliveryBench(quick: boolean, out: URL): Promise<void> {
  const fanOut = { members: 101, channels: 2 };
  const rate = Number(process.env.RTM_BENCH_FANOUT_RATE ?? 50);
  console.log(
    `\n# Fan-out delivery: load module vs the raw-ws floor recording receipt times, ${rate} msg/s to ${fanOut.members - 1} members (${rate * (fanOut.members - 1)} deliveries/s), same server process`,
  );
  const rows = await compareDeliveryToFloor(rate, quick ? 2 : 3, fanOut, quick ? 1 : 5);
  console.log(deliveryTable(rows).join('\n'));
  const messages = quick ? 500 : 1000;
  console.log(
    `\n# Fan-out receipt path alone (no network, no server): ${messages} messages × 100 members, floor handler vs the load module's, interleaved, CPU time`,
  );
  const paths = compareReceivePaths(messages, quick ? 3 : 9);
  console.log('run   floor ns/receipt   load ns/receipt   ratio');
  for (const r of paths)
    console.log(
      `${String(r.run).padEnd(5)} ${r.floorNsPerReceipt.toFixed(0).padStart(16)} ${r.loadNsPerReceipt.toFixed(0).padStart(17)} ${(r.loadNsPerReceipt / r.floorNsPerReceipt).toFixed(2).padStart(7)}`,
    );
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
  const f = median(paths.map((r) => r.floorNsPerReceipt));
  const l = median(paths.map((r) => r.loadNsPerReceipt));
  console.log(
    `median: floor ${f.toFixed(0)} ns, load ${l.toFixed(0)} ns per receipt, ratio ${(l / f).toFixed(2)}; median of the runs' ratios ${median(paths.map((r) => r.loadNsPerReceipt / r.floorNsPerReceipt)).toFixed(2)}`,
  );
  writeFileSync(
    new URL('delivery-vs-floor.json', out),
    `${JSON.stringify({ endToEnd: rows, receivePath: paths }, null, 2)}\n`,
  );
}
