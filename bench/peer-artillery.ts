import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runLoad } from '../harness/load/run-load.js';
import { acquireTarget } from '../harness/target/acquire-target.js';
import type { Target } from '../harness/target/target.js';
import { driveBatchedFloor } from './batched-floor.js';
import { socketUrls } from './open-model-client.js';

export interface PeerRow {
  tool: 'artillery' | 'load' | 'floor';
  rate: number;
  acksPerSec: number;
  p50Ms: number;
  p99Ms: number;
  cpuUsPerMessage: number;
  peakRssMb: number | null;
  /** The reference server's CPU over the run, % of a core: near 100 the target, not the tool, is the limit. */
  serverPct: number | null;
  onSchedule?: boolean;
}

const HERE = fileURLToPath(new URL('./peer/', import.meta.url));

/** Where Artillery is installed (PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm install artillery@2.0.34 in that folder). */
export function artilleryBin(dir: string): string | undefined {
  const bin = join(dir, 'node_modules', '.bin', 'artillery');
  return existsSync(bin) ? bin : undefined;
}

/** One Artillery run under GNU time: its report, and its CPU (user + system, µs) and peak RSS. */
async function runArtillery(
  bin: string,
  env: Record<string, string>,
  seconds: number,
): Promise<{ acks: number; p50: number; p99: number; cpuUs: number; rssMb: number }> {
  const out = join(mkdtempSync(join(tmpdir(), 'rtmc-peer-')), 'report.json');
  const timeFile = `${out}.time`;
  await new Promise<void>((resolve, reject) => {
    const child = spawn(
      '/usr/bin/time',
      ['-o', timeFile, '-f', '%U %S %M', bin, 'run', '--quiet', '--output', out, join(HERE, 'artillery.yml')],
      {
        env: { ...process.env, ...env, PEER_SECONDS: String(seconds), ARTILLERY_DISABLE_TELEMETRY: 'true' },
        stdio: 'ignore',
      },
    );
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`artillery exited ${code}`))));
  });
  const report = JSON.parse(readFileSync(out, 'utf8')).aggregate;
  const [user, sys, rssKb] = readFileSync(timeFile, 'utf8').trim().split(/\s+/).slice(-3).map(Number);
  const summary = report.summaries?.['rtm.ack_ms'] ?? {};
  return {
    acks: report.counters?.['rtm.acks'] ?? 0,
    p50: summary.median ?? summary.p50 ?? 0,
    p99: summary.p99 ?? 0,
    cpuUs: (user + sys) * 1e6,
    rssMb: rssKb / 1024,
  };
}

/** Runs `work` and measures the reference server's CPU meanwhile, in % of a core. */
async function withServerCpu<T>(target: Target, work: () => Promise<T>): Promise<[T, number | null]> {
  const before = await target.serverStats?.();
  const t0 = performance.now();
  const result = await work();
  const seconds = (performance.now() - t0) / 1000;
  const after = await target.serverStats?.();
  return [result, before && after ? ((after.cpuUs - before.cpuUs) / 1e6 / seconds) * 100 : null];
}

/**
 * Artillery 2.0.34 (ws engine, rtm.connect hook, reply matching, 100 virtual users in a closed loop) and the
 * load module against the same server process. Artillery's start-up CPU is measured by a run of no length and
 * taken off; the load module's CPU is measured over its steps only.
 */
export async function compareWithArtillery(dir: string, seconds: number): Promise<PeerRow[]> {
  const bin = artilleryBin(dir);
  if (!bin)
    throw new Error(
      `no Artillery in ${dir}: PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm install artillery@2.0.34 there, or drop --peer`,
    );
  const target = await acquireTarget({ tokens: [], embedded: { ownProcess: true } });
  const env = { PEER_API_URL: target.apiUrl, PEER_TOKEN: target.tokens[0], PEER_CHANNEL: target.channel! };
  const rows: PeerRow[] = [];
  try {
    const idle = await runArtillery(bin, env, 0);
    const [art, artServerPct] = await withServerCpu(target, () => runArtillery(bin, env, seconds));
    const rate = Math.round(art.acks / seconds);
    rows.push({
      tool: 'artillery',
      rate,
      acksPerSec: rate,
      p50Ms: art.p50,
      p99Ms: art.p99,
      cpuUsPerMessage: Math.max(0, art.cpuUs - idle.cpuUs) / Math.max(1, art.acks),
      peakRssMb: Math.round(art.rssMb),
      serverPct: artServerPct,
    });
    // The batched floor: what a sender that holds messages to 1 ms ticks costs per message, and the server's CPU.
    for (const r of [rate, Math.round(rate * 1.6)]) {
      const urls = await socketUrls(target.apiUrl, target.tokens[0], 4);
      const [floor, serverPct] = await withServerCpu(target, () =>
        driveBatchedFloor(urls, target.channel!, r, seconds),
      );
      rows.push({
        tool: 'floor',
        rate: r,
        acksPerSec: Math.round(floor.acked / floor.seconds),
        p50Ms: Number.NaN,
        p99Ms: Number.NaN,
        cpuUsPerMessage: floor.cpuUs / Math.max(1, floor.acked),
        peakRssMb: null,
        serverPct,
      });
    }
    for (const r of [rate, Math.round(rate * 1.6), rate * 2]) {
      const report = await runLoad(target, {
        steps: [{ rate: r, durationSec: seconds }],
        connections: 4,
        warmupSec: 1,
        workers: 1,
        thresholds: [],
        replyTimeoutMs: 5000,
        connectRate: false,
        schedule: 'spin',
      });
      const s = report.steps[0];
      rows.push({
        tool: 'load',
        rate: r,
        acksPerSec: Math.round(s.counters.acked / seconds),
        p50Ms: s.corrected.p50 / 1000,
        p99Ms: s.corrected.p99 / 1000,
        cpuUsPerMessage: ((s.cpu.harnessPct / 100) * 1e6) / Math.max(1, s.counters.acked / seconds),
        peakRssMb: report.resources.harnessRssEndMb,
        serverPct: s.cpu.serverPct,
        onSchedule: !s.generatorBehind,
      });
    }
  } finally {
    await target.close();
  }
  return rows;
}
