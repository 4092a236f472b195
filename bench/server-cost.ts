import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { driveOpenModel } from './open-model-client.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const TSX = pathToFileURL(`${ROOT}node_modules/tsx/dist/loader.mjs`).href;

interface Child {
  proc: ChildProcess;
  urls: string[];
  ask(): Promise<{ cpuUs: number; rssBytes: number }>;
}

async function startChild(kind: 'floor' | 'reference', connections: number): Promise<Child> {
  const proc = spawn(process.execPath, ['--import', TSX, `${ROOT}bench/server-child.ts`, kind, String(connections)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: proc.stdout! });
  const queue: ((line: string) => void)[] = [];
  lines.on('line', (line) => queue.shift()?.(line));
  const next = () => new Promise<string>((resolve) => queue.push(resolve));
  const { urls } = JSON.parse(await next()) as { urls: string[] };
  return {
    proc,
    urls,
    async ask() {
      const reply = next();
      proc.stdin!.write('cpu\n');
      return JSON.parse(await reply);
    },
  };
}

export interface ServerCostRow {
  server: 'floor' | 'reference';
  rate: number;
  sent: number;
  acked: number;
  cpuUsPerAck: number;
}

/** Server CPU per acknowledged message, the reference server beside the minimal ws floor, same rates, one run. */
export async function measureServerCost(
  rates: number[],
  seconds: number,
  connections: number,
): Promise<ServerCostRow[]> {
  const rows: ServerCostRow[] = [];
  for (const rate of rates) {
    for (const server of ['floor', 'reference'] as const) {
      // One URL more than connections: the reference server's URLs are single-use, and the warm-up takes one.
      const child = await startChild(server, connections + 1);
      try {
        // Warm-up (JIT) at the same rate, not measured.
        await driveOpenModel(child.urls.slice(connections), 'C0RANDOM1', rate, 1);
        const before = await child.ask();
        const r = await driveOpenModel(child.urls.slice(0, connections), 'C0RANDOM1', rate, seconds);
        const after = await child.ask();
        rows.push({
          server,
          rate,
          sent: r.sent,
          acked: r.acked,
          cpuUsPerAck: (after.cpuUs - before.cpuUs) / Math.max(1, r.acked),
        });
      } finally {
        child.proc.stdin!.write('exit\n');
      }
    }
  }
  return rows;
}
