import { percentilesOf } from '../histograms.js';
import type { FleetReport, FleetSample } from './fleet-report.js';
import { addFleetCounts, emptyFleetCounts } from './fleet-types.js';

/**
 * Shards' fleets as one: connections, counts and held summed (the timelines second by second, each shard's own
 * clock: shards started together with --start-at), histograms added, memory per connection weighted by
 * connections, CPU summed; storms listed shard by shard.
 */
export function mergeFleets(parts: (FleetReport | undefined)[]): FleetReport | undefined {
  const fleets = parts.filter((f): f is FleetReport => f !== undefined);
  if (fleets.length === 0) return undefined;
  const total = fleets.reduce((a, f) => a + f.connections, 0);
  const weighted = (v: (f: FleetReport) => number | null) => {
    const known = fleets.filter((f) => v(f) !== null);
    if (known.length === 0) return null;
    const n = known.reduce((a, f) => a + f.connections, 0);
    return Math.round((known.reduce((a, f) => a + v(f)! * f.connections, 0) / n) * 100) / 100;
  };
  const sum = (v: (f: FleetReport) => number) => fleets.reduce((a, f) => a + v(f), 0);
  const histograms = {
    connectLatency: fleets.flatMap((f) => f.histograms.connectLatency),
    pongLatency: fleets.flatMap((f) => f.histograms.pongLatency),
  };
  const failuresByReason: Record<string, number> = {};
  for (const f of fleets)
    for (const [why, n] of Object.entries(f.failuresByReason)) failuresByReason[why] = (failuresByReason[why] ?? 0) + n;
  const opened = fleets.map((f) => f.openedInSec);
  return {
    connections: total,
    processes: sum((f) => f.processes),
    connectRatePerSec: sum((f) => f.connectRatePerSec),
    pingIntervalSec: fleets[0].pingIntervalSec,
    heldAtSteps: sum((f) => f.heldAtSteps),
    heldPeak: sum((f) => f.heldPeak),
    heldEnd: sum((f) => f.heldEnd),
    openedInSec: opened.includes(null) ? null : Math.max(...(opened as number[])),
    serverConnections: fleets.some((f) => f.serverConnections === null) ? null : sum((f) => f.serverConnections ?? 0),
    counts: fleets.map((f) => f.counts).reduce(addFleetCounts, emptyFleetCounts()),
    failuresByReason,
    connectLatency: percentilesOf(histograms.connectLatency),
    pongLatency: percentilesOf(histograms.pongLatency),
    memory: {
      harnessKbPerConnection: weighted((f) => f.memory.harnessKbPerConnection),
      serverKbPerConnection: weighted((f) => f.memory.serverKbPerConnection),
      harnessRssMb: Math.round(sum((f) => f.memory.harnessRssMb) * 10) / 10,
    },
    idleCpu: {
      windowSec: fleets[0].idleCpu.windowSec,
      harnessPct: Math.round(sum((f) => f.idleCpu.harnessPct) * 10) / 10,
      serverPct: fleets.some((f) => f.idleCpu.serverPct === null) ? null : sum((f) => f.idleCpu.serverPct ?? 0),
    },
    timeline: mergeTimelines(fleets.map((f) => f.timeline)),
    storms: fleets.flatMap((f, k) => f.storms.map((s) => ({ ...s, event: `shard ${k + 1}: ${s.event}` }))),
    histograms,
  };
}

function mergeTimelines(lists: FleetSample[][]): FleetSample[] {
  const length = Math.max(...lists.map((l) => l.length));
  return Array.from({ length }, (_, n) => {
    const rows = lists.map((l) => l[n]).filter((r): r is FleetSample => r !== undefined);
    const events = rows.flatMap((r) => r.events ?? []);
    return {
      t: Math.max(...rows.map((r) => r.t)),
      held: rows.reduce((a, r) => a + r.held, 0),
      rtmConnect: rows.reduce((a, r) => a + r.rtmConnect, 0),
      opened: rows.reduce((a, r) => a + r.opened, 0),
      failures: rows.reduce((a, r) => a + r.failures, 0),
      rateLimited: rows.reduce((a, r) => a + r.rateLimited, 0),
      ...(events.length ? { events: [...new Set(events)] } : {}),
    };
  });
}
