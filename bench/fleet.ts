/**
 * Idle connections at scale (#21): held against one reference-server process, as two shards each against its own,
 * and a reconnect storm, end to end. `node --import tsx bench/fleet.ts [--quick]`, or the last part of `npm run bench`.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseFleetEvent } from '../harness/load/fleet/fleet-events.js';
import type { FleetReport } from '../harness/load/fleet/fleet-report.js';
import { mergeShards } from '../harness/load/merge-shards.js';
import { type LoadReport, runLoad } from '../harness/load/run-load.js';
import { acquireTarget } from '../harness/target/acquire-target.js';

const ms = (us: number) => (us / 1000).toFixed(1);

/** One run against a reference-server process: `idle` connections beside 4 senders at 100 msg/s. */
export async function fleetRun(idle: number, seconds: number, connectRate: number, at: string[] = []) {
  const target = await acquireTarget({ tokens: [], embedded: { ownProcess: true } });
  const started = performance.now();
  const report = await runLoad(target, {
    steps: [{ rate: 100, durationSec: seconds }],
    connections: 4,
    warmupSec: 0,
    workers: 1,
    thresholds: [],
    replyTimeoutMs: 5000,
    connectRate: false,
    fleet: {
      connections: idle,
      connectRatePerSec: connectRate,
      pingIntervalSec: 30,
      events: at.map((e) => parseFleetEvent(e, () => true)),
    },
  }).finally(() => target.close());
  return { report, wallSec: (performance.now() - started) / 1000 };
}

/** Two shards, each its own CLI process with its own reference server, started together, then merged. */
export async function shardedRun(total: number, seconds: number, connectRate: number): Promise<LoadReport> {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const dir = mkdtempSync(join(tmpdir(), 'rtm-fleet-'));
  // Long enough for each shard to open its half (both share the two cores while they do).
  const lead = Math.ceil((total / 2 / connectRate) * 5) + 30;
  const shard = (i: number) =>
    new Promise<LoadReport>((resolve, reject) => {
      execFile(
        process.execPath,
        ['--import', 'tsx', 'cli/bin.ts', 'load', '--connections', String(total), '--senders', '8', '--shard', `${i}/2`]
          .concat([
            '--rate',
            '100',
            '--duration',
            String(seconds),
            '--warmup',
            '0',
            '--connect-rate',
            `${connectRate}/s`,
          ])
          .concat(['--start-at', `+${lead}s`, '--out', join(dir, `shard${i}`)]),
        { cwd: root, maxBuffer: 16 << 20 },
        (err, _out, stderr) => {
          if (err) return reject(new Error(`shard ${i}: ${stderr || err.message}`));
          resolve(JSON.parse(readFileSync(join(dir, `shard${i}`, 'load.json'), 'utf8')) as LoadReport);
        },
      );
    });
  const shards = await Promise.all([shard(1), shard(2)]);
  return mergeShards(shards, []);
}

export function fleetSummary(f: FleetReport): string[] {
  return [
    `held ${f.heldAtSteps} of ${f.connections} at the steps (server counted ${f.serverConnections ?? '-'}), ${f.processes} fleet process(es), all held after ${f.openedInSec ?? 'never'} s`,
    `connect p50/p99 ${ms(f.connectLatency.p50)}/${ms(f.connectLatency.p99)} ms · pong p50/p99 ${ms(f.pongLatency.p50)}/${ms(f.pongLatency.p99)} ms (${f.counts.pongs} pongs) · failures ${f.counts.failures} ${JSON.stringify(f.failuresByReason)} · 429s ${f.counts.rateLimited}`,
    `per connection: harness ${f.memory.harnessKbPerConnection} KB (goal ≤ 8, ratio ${((f.memory.harnessKbPerConnection ?? 0) / 8).toFixed(2)}), server ${f.memory.serverKbPerConnection} KB · idle CPU harness ${f.idleCpu.harnessPct} %, server ${f.idleCpu.serverPct} %`,
  ];
}

export type FleetBench = 'idle' | 'shards' | 'storm';

/** Each part, or only one (`--only idle|shards|storm`): figures by part. */
export async function fleetBenchmarks(quick: boolean, only?: FleetBench): Promise<Record<string, unknown>> {
  const figures: Record<string, unknown> = {};
  if (!only || only === 'idle') figures.idle = await idleBench(quick);
  if (!only || only === 'shards') figures.sharded = await shardsBench(quick);
  if (!only || only === 'storm') figures.storm = await stormBench(quick);
  return figures;
}

async function idleBench(quick: boolean) {
  const idle = quick ? 2000 : 19_000;
  console.log(
    `\n# ${idle} idle pinging connections against one reference-server process (30 s pings, opened at 1000/s)`,
  );
  const one = await fleetRun(idle, 5, 1000);
  for (const l of fleetSummary(one.report.fleet!)) console.log(l);
  return one.report.fleet;
}

async function shardsBench(quick: boolean) {
  const total = quick ? 4000 : 30_000;
  console.log(
    `\n# ${total} connections as two shards (two CLI processes, each against its own server, opened at 500/s each), merged`,
  );
  const merged = await shardedRun(total, 5, 500);
  for (const l of fleetSummary(merged.fleet!)) console.log(l);
  console.log(
    `shards began within ${Math.max(...(merged.shardSkew ?? []).map((s) => s.startSkewMs))} ms of each other`,
  );
  return merged.fleet;
}

async function stormBench(quick: boolean) {
  const storm = quick ? 2000 : 15_000;
  console.log(`\n# A ${storm}-connection reconnect storm (drop=100 % 1 s into the steps), end to end`);
  const s = await fleetRun(storm, 5, 1000, ['1s:drop=100%']);
  const st = s.report.fleet!.storms[0];
  const sec = (v: number | null) => (v === null ? 'not reached' : `${(v / 1000).toFixed(1)} s`);
  console.log(
    `${st.down} down, ${st.back} back · 50 % ${sec(st.reconnectedMs.p50)}, 90 % ${sec(st.reconnectedMs.p90)}, 100 % ${sec(st.reconnectedMs.p100)} · peak rtm.connect ${st.peakRtmConnectPerSec}/s · 429s ${st.rateLimited} · failures ${st.failures} ${JSON.stringify(s.report.fleet!.failuresByReason)}`,
  );
  console.log(
    `whole run (open ${storm}, storm, settle) ${s.wallSec.toFixed(0)} s (goal < 120 s, ratio ${(s.wallSec / 120).toFixed(2)})`,
  );
  return { fleet: s.report.fleet, wallSec: s.wallSec };
}

/** The figures without timelines and histograms, for bench-results/fleet.json. */
export function fleetFigures(figures: Record<string, unknown>): string {
  return `${JSON.stringify(figures, (k, v) => (k === 'timeline' || k === 'histograms' ? undefined : v), 2)}\n`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
  const figures = await fleetBenchmarks(process.argv.includes('--quick'), only as FleetBench | undefined);
  mkdirSync(new URL('../bench-results/', import.meta.url), { recursive: true });
  writeFileSync(new URL('../bench-results/fleet.json', import.meta.url), fleetFigures(figures));
}
