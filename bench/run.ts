/**
 * `npm run bench`: every benchmark, each a ratio measured side by side in one run on this machine.
 * Figures are printed and written to bench-results/ (not committed: they belong to the machine).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { compareSchedules, summarizeSchedules } from './lean-vs-spin.js';
import { type PeerRow, artilleryBin, compareWithArtillery } from './peer-artillery.js';
import { compareLoadToFloor, summarize as summarizeClients } from './load-vs-floor.js';
import { deliveryBench } from './delivery-vs-floor.js';
import { memoryOverRun } from './memory.js';
import { microBenchmarks } from './micro.js';
import { measureProxyOverhead } from './proxy-overhead.js';
import { measureServerCost } from './server-cost.js';
import { fleetBenchmarks, fleetFigures } from './fleet.js';

const quick = process.argv.includes('--quick');
const peer = process.argv.includes('--peer') ? process.argv[process.argv.indexOf('--peer') + 1] : undefined;
const peerDir = process.argv.includes('--peer-dir')
  ? process.argv[process.argv.indexOf('--peer-dir') + 1]
  : (process.env.RTM_PEER_DIR ?? '.peer');
const out = new URL('../bench-results/', import.meta.url);
mkdirSync(out, { recursive: true });

console.log('# Reference server: CPU per acknowledged message vs the minimal ws floor (4 connections)');
const rates = quick ? [1000, 5000] : [1000, 5000, 10_000, 20_000];
const rows = await measureServerCost(rates, quick ? 2 : 4, 4);
console.log('rate/s   floor µs/ack   reference µs/ack   ratio   acked (floor / reference)');
for (const rate of rates) {
  const f = rows.find((r) => r.rate === rate && r.server === 'floor')!;
  const s = rows.find((r) => r.rate === rate && r.server === 'reference')!;
  console.log(
    `${String(rate).padEnd(8)} ${f.cpuUsPerAck.toFixed(1).padStart(13)} ${s.cpuUsPerAck.toFixed(1).padStart(18)} ${(s.cpuUsPerAck / f.cpuUsPerAck).toFixed(2).padStart(7)}   ${f.acked}/${f.sent} / ${s.acked}/${s.sent}`,
  );
}
writeFileSync(new URL('server-cost.json', out), `${JSON.stringify(rows, null, 2)}\n`);

console.log(
  '\n# Load module vs the minimal raw-ws open-model client (the floor), same server process, 4 connections, 3 alternating runs each',
);
const loadRates = quick ? [1000, 5000] : [1000, 5000, 20_000, 30_000, 40_000];
const clientRows = await compareLoadToFloor(loadRates, quick ? 2 : 3, 4, quick ? 1 : 3);
console.log(
  'rate/s   client   run   send lag p99 µs   hiccup p99 µs   corrected p50/p99 µs   server CPU %   on schedule (lag - hiccups ≤ 1 ms / lag ≤ 1 ms)',
);
for (const r of clientRows)
  console.log(
    `${String(r.rate).padEnd(8)} ${r.client.padEnd(6)} ${String(r.repeat + 1).padStart(5)} ${String(r.sendLagP99).padStart(17)} ${String(r.hiccupP99).padStart(15)} ${`${r.correctedP50}/${r.correctedP99}`.padStart(22)} ${r.serverPct.toFixed(0).padStart(14)}   ${r.onSchedule ? 'yes' : 'no'} / ${r.withinOneMs ? 'yes' : 'no'}`,
  );
const clientSummaries = summarizeClients(clientRows);
console.log(
  'medians over the runs: rate/s   floor p50/p99 µs   load p50/p99 µs   p50 ratio   p99 ratio   lag - hiccups µs (floor / load)   on schedule, runs (floor / load)   runs with lag ≤ 1 ms (floor / load)',
);
for (const rate of loadRates) {
  const f = clientSummaries.find((r) => r.rate === rate && r.client === 'floor')!;
  const l = clientSummaries.find((r) => r.rate === rate && r.client === 'load')!;
  console.log(
    `                       ${String(rate).padEnd(8)} ${`${f.correctedP50}/${f.correctedP99}`.padStart(17)} ${`${l.correctedP50}/${l.correctedP99}`.padStart(17)} ${(l.correctedP50 / f.correctedP50).toFixed(2).padStart(11)} ${(l.correctedP99 / f.correctedP99).toFixed(2).padStart(11)} ${`${f.lagOverHiccups} / ${l.lagOverHiccups}`.padStart(31)}   ${`${f.onSchedule ? 'yes' : 'no'} (${f.runsOnSchedule}/${f.runs}) / ${l.onSchedule ? 'yes' : 'no'} (${l.runsOnSchedule}/${l.runs})`.padStart(31)}   ${f.runsWithinOneMs}/${f.runs} / ${l.runsWithinOneMs}/${l.runs}`,
  );
}
const highest = (c: 'floor' | 'load') =>
  Math.max(0, ...clientSummaries.filter((r) => r.client === c && r.onSchedule).map((r) => r.rate));
console.log(
  `highest on-schedule rate (median run): floor ${highest('floor')}/s, load ${highest('load')}/s, ratio ${(highest('load') / Math.max(1, highest('floor'))).toFixed(2)}`,
);
// The outright bound too, median run: on a quiet machine it agrees; on a loaded one it measures the machine.
const highestWithinOneMs = (c: 'floor' | 'load') =>
  Math.max(
    0,
    ...clientSummaries.filter((r) => r.client === c && r.sendLagP99 <= 1000 && r.onSchedule).map((r) => r.rate),
  );
console.log(
  `highest rate with median send lag p99 <= 1 ms outright: floor ${highestWithinOneMs('floor')}/s, load ${highestWithinOneMs('load')}/s`,
);
writeFileSync(
  new URL('load-vs-floor.json', out),
  `${JSON.stringify({ runs: clientRows, summaries: clientSummaries }, null, 2)}\n`,
);

await deliveryBench(quick, out);

console.log(
  "\n# Lean schedule vs spinning, same server process: send lag against the machine's own stalls, harness CPU",
);
const scheduleRates = quick ? [1000, 2000, 5000] : [1000, 2000, 5000, 20_000];
const scheduleRows = await compareSchedules(scheduleRates, quick ? 3 : 5, quick ? 1 : 3);
console.log(
  'rate/s   schedule   run   send lag p99 µs   hiccup p99 µs   lag - hiccups µs   harness CPU %   achieved/s',
);
for (const r of scheduleRows) {
  console.log(
    `${String(r.rate).padEnd(8)} ${r.schedule.padEnd(9)} ${String(r.repeat + 1).padStart(4)} ${String(r.sendLagP99Us).padStart(17)} ${String(r.hiccupP99Us).padStart(15)} ${String(r.sendLagP99Us - r.hiccupP99Us).padStart(18)} ${r.harnessCpuPct.toFixed(0).padStart(15)} ${Math.round(r.achievedRate).toString().padStart(12)}`,
  );
}
const summaries = summarizeSchedules(scheduleRows);
console.log(
  'over the runs: rate/s   schedule   lag - hiccups µs, median (min..max)   harness CPU %, median (min..max)',
);
for (const m of summaries) {
  const l = m.lagOverHiccupsUs;
  const c = m.harnessCpuPct;
  console.log(
    `               ${String(m.rate).padEnd(8)} ${m.schedule.padEnd(9)}  ${`${l.median} (${l.min}..${l.max})`.padStart(30)}   ${`${c.median.toFixed(0)} (${c.min.toFixed(0)}..${c.max.toFixed(0)})`.padStart(24)}`,
  );
}
const cpu = (s: 'lean' | 'spin') => summaries.find((m) => m.rate === 1000 && m.schedule === s)!.harnessCpuPct.median;
console.log(
  `harness CPU at 1k msg/s, median: lean ${cpu('lean').toFixed(0)} %, spin ${cpu('spin').toFixed(0)} %, ratio ${(cpu('lean') / cpu('spin')).toFixed(2)}`,
);
writeFileSync(new URL('lean-vs-spin.json', out), `${JSON.stringify({ runs: scheduleRows, summaries }, null, 2)}\n`);

if (peer === 'artillery') {
  console.log(
    '\n# The peer, side by side: Artillery 2.0.34 (ws engine, 100 virtual users, closed loop), the batched raw-ws floor and the load module, same server process',
  );
  if (!artilleryBin(peerDir))
    console.log(
      `skipped: no Artillery in ${peerDir} (PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm install artillery@2.0.34 there, or --peer-dir DIR)`,
    );
  else {
    const peerRows = await compareWithArtillery(peerDir, quick ? 3 : 5);
    console.log('tool        rate/s   acks/s   p50 ms   p99 ms   CPU µs/msg   RSS MB   server CPU %   on schedule');
    const fixed = (v: number, d: number) => (Number.isNaN(v) ? '-' : v.toFixed(d));
    for (const r of peerRows) {
      console.log(
        `${r.tool.padEnd(10)} ${String(r.rate).padStart(7)} ${String(r.acksPerSec).padStart(8)} ${fixed(r.p50Ms, 3).padStart(8)} ${fixed(r.p99Ms, 3).padStart(8)} ${r.cpuUsPerMessage.toFixed(1).padStart(12)} ${String(r.peakRssMb ?? '-').padStart(8)} ${(r.serverPct === null ? '-' : r.serverPct.toFixed(0)).padStart(14)}   ${r.onSchedule === undefined ? '-' : r.onSchedule ? 'yes' : 'no'}`,
      );
    }
    const art = peerRows[0];
    const at = (tool: PeerRow['tool']) => peerRows.find((r) => r.tool === tool && r.rate === art.rate)!;
    console.log(
      `CPU per message at Artillery's rate, as a ratio to Artillery's: load ${(at('load').cpuUsPerMessage / art.cpuUsPerMessage).toFixed(2)}, batched floor ${(at('floor').cpuUsPerMessage / art.cpuUsPerMessage).toFixed(2)} (floor: raw ws, sends held to the next 1 ms timer tick, nothing timed)`,
    );
    const best = Math.max(0, ...peerRows.filter((r) => r.tool === 'load' && r.onSchedule).map((r) => r.rate));
    console.log(`highest load rate on schedule: ${best}/s, ${(best / art.rate).toFixed(2)}× Artillery's acks/s`);
    writeFileSync(new URL('peer-artillery.json', out), `${JSON.stringify(peerRows, null, 2)}\n`);
  }
} else if (peer !== undefined) console.log(`\n--peer ${peer}: unknown peer (known: artillery)`);

console.log(
  '\n# Recording proxy: latency added per frame and CPU, against a TCP byte pipe and a minimal ws relay (one round trip at a time, loopback)',
);
const proxyRows = [];
for (const kind of ['ping', 'message'] as const) {
  const r = await measureProxyOverhead(kind, quick ? 4 : 10, quick ? 100 : 200);
  proxyRows.push(r);
  const lat = (l: { p50Us: number; p99Us: number }) => `${l.p50Us}/${l.p99Us}`.padStart(11);
  console.log(
    `${kind}: round trip p50/p99 µs: direct ${lat(r.direct)}, pipe ${lat(r.pipe)}, ws floor ${lat(r.floor)}, proxy ${lat(r.proxied)} (${r.frames} each)`,
  );
  console.log(
    `${kind}: added per frame p50/p99 µs: pipe ${lat(r.addedPerFrame.pipe)}, ws floor ${lat(r.addedPerFrame.floor)}, proxy ${lat(r.addedPerFrame.proxy)} (goal: proxy p50 ≤ 50)`,
  );
  console.log(
    `${kind}: CPU µs per frame: proxy ${r.cpuUsPerFrame.proxy}, ws floor ${r.cpuUsPerFrame.floor} (ratio ${(r.cpuUsPerFrame.proxy / r.cpuUsPerFrame.floor).toFixed(2)}), server ${r.cpuUsPerFrame.server}`,
  );
}
writeFileSync(new URL('proxy-overhead.json', out), `${JSON.stringify(proxyRows, null, 2)}\n`);

console.log('\n# tinybench: hot internals');
for (const m of await microBenchmarks(quick))
  console.log(
    `${m.name.padEnd(46)} ${Math.round(m.opsPerSec).toLocaleString('en').padStart(14)} ops/s  ${m.meanNs.toFixed(0).padStart(6)} ns`,
  );

const memoryRuns: [number, number][] = [];
if (!quick) memoryRuns.push([10_000, 60]);
// The soak is a benchmark, not a test: 10 minutes at 1k msg/s (`npm run bench -- --soak`).
if (process.argv.includes('--soak')) memoryRuns.push([1000, 600]);
for (const [rate, seconds] of memoryRuns) {
  console.log(`\n# Memory over ${seconds} s of load at ${rate} msg/s (harness and reference server processes)`);
  const mem = await memoryOverRun(rate, seconds);
  console.log(
    `harness RSS ${mem.harnessRssStartMb} → ${mem.harnessRssEndMb} MB · server RSS ${mem.serverRssStartMb} → ${mem.serverRssEndMb} MB · ${mem.sent} sent`,
  );
  writeFileSync(new URL(`memory-${rate}-${seconds}s.json`, out), `${JSON.stringify(mem, null, 2)}\n`);
}

// Idle connections at scale and a reconnect storm (#21): a few minutes, so a short pass of them with --quick.
writeFileSync(new URL('fleet.json', out), fleetFigures(await fleetBenchmarks(quick)));
