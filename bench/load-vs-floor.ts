import { percentilesOf } from '../harness/load/histograms.js';
import { OpenModelSender } from '../harness/load/sender.js';
import { startServerProcess } from '../harness/load/server-process.js';
import { driveOpenModel, socketUrls } from './open-model-client.js';

export interface ClientRow {
  client: 'floor' | 'load';
  rate: number;
  sent: number;
  acked: number;
  correctedP50: number;
  correctedP99: number;
  sendLagP99: number;
  onSchedule: boolean;
}

/**
 * The load module's sender beside the minimal raw-ws open-model client, against the same server process
 * at the same rates, alternating, in one run. On schedule: send lag p99 ≤ 1 ms and ≥ 99 % sent.
 */
export async function compareLoadToFloor(rates: number[], seconds: number, connections: number): Promise<ClientRow[]> {
  // The reference server in its own process, rate limit off, as `load` runs it.
  const server = await startServerProcess();
  const [api, token] = [server.apiUrl, server.tokens[0]];
  const rows: ClientRow[] = [];
  try {
    for (const rate of rates) {
      const floor = await driveOpenModel(await socketUrls(api, token, connections), 'C0RANDOM1', rate, seconds);
      rows.push({
        client: 'floor',
        rate,
        sent: floor.sent,
        acked: floor.acked,
        correctedP50: floor.corrected.p50,
        correctedP99: floor.corrected.p99,
        sendLagP99: floor.sendLag.p99,
        onSchedule: floor.sendLag.p99 <= 1000 && floor.sent >= rate * seconds * 0.99,
      });
      // Spinning, like the floor client: this compares what the generator can do; lean-vs-spin shows the default's trade.
      const sender = new OpenModelSender({
        apiUrl: api,
        tokens: [token],
        channel: 'C0RANDOM1',
        connections,
        steps: [{ rate, durationSec: seconds }],
        warmupSec: 0,
        replyTimeoutMs: 5000,
        maxFrameBytes: 1 << 20,
        schedule: 'spin',
      });
      await sender.open();
      const [step] = await sender.run();
      sender.close();
      const c = percentilesOf([step.corrected]);
      const lag = percentilesOf([step.sendLag]);
      rows.push({
        client: 'load',
        rate,
        sent: step.counters.sent,
        acked: step.counters.acked,
        correctedP50: c.p50,
        correctedP99: c.p99,
        sendLagP99: lag.p99,
        onSchedule: lag.p99 <= 1000 && step.counters.sent >= rate * seconds * 0.99,
      });
    }
  } finally {
    await server.stop();
  }
  return rows;
}
