import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { merged, percentiles } from '../harness/load/histograms.js';
import { OpenModelSender } from '../harness/load/sender.js';
import { driveOpenModel } from './open-model-client.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const TSX = pathToFileURL(`${ROOT}node_modules/tsx/dist/loader.mjs`).href;

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

/** The reference server in its own process (rate limit off), as `load` runs it. */
async function serverProcess(): Promise<{ api: string; token: string; proc: ChildProcess }> {
  const proc = spawn(process.execPath, ['--import', TSX, `${ROOT}harness/load/server-main.ts`], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const ready = await new Promise<{ apiUrl: string; tokens: string[] }>((resolve) => proc.once('message', (m) => resolve(m as { apiUrl: string; tokens: string[] })));
  return { api: ready.apiUrl, token: ready.tokens[0], proc };
}

async function urls(api: string, token: string, n: number): Promise<string[]> {
  const { rtmConnect } = await import('../harness/session/rtm-connect.js');
  return Promise.all(Array.from({ length: n }, async () => (await rtmConnect({ apiUrl: api, token })).url));
}

/**
 * The load module's sender beside the minimal raw-ws open-model client, against the same server process
 * at the same rates, alternating, in one run. On schedule: send lag p99 ≤ 1 ms and ≥ 99 % sent.
 */
export async function compareLoadToFloor(rates: number[], seconds: number, connections: number): Promise<ClientRow[]> {
  const server = await serverProcess();
  const rows: ClientRow[] = [];
  try {
    for (const rate of rates) {
      const floor = await driveOpenModel(await urls(server.api, server.token, connections), 'C0RANDOM1', rate, seconds);
      rows.push({
        client: 'floor', rate, sent: floor.sent, acked: floor.acked, correctedP50: floor.corrected.p50, correctedP99: floor.corrected.p99, sendLagP99: floor.sendLag.p99,
        onSchedule: floor.sendLag.p99 <= 1000 && floor.sent >= rate * seconds * 0.99,
      });
      const sender = new OpenModelSender({ apiUrl: server.api, tokens: [server.token], channel: 'C0RANDOM1', connections, steps: [{ rate, durationSec: seconds }], warmupSec: 0, replyTimeoutMs: 5000, maxFrameBytes: 1 << 20 });
      await sender.open();
      const [step] = await sender.run();
      sender.close();
      const c = percentiles(merged([step.corrected]));
      const lag = percentiles(merged([step.sendLag]));
      rows.push({
        client: 'load', rate, sent: step.counters.sent, acked: step.counters.acked, correctedP50: c.p50, correctedP99: c.p99, sendLagP99: lag.p99,
        onSchedule: lag.p99 <= 1000 && step.counters.sent >= rate * seconds * 0.99,
      });
    }
  } finally {
    server.proc.kill('SIGTERM');
  }
  return rows;
}
