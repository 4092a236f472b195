import type { FleetReport } from '../harness/load/fleet/fleet-report.js';
import { msOf } from './reporter.js';

const ms = (v: number | null) => (v === null ? 'not reached' : `${(v / 1000).toFixed(1)} s`);

/** The idle connections in a few lines: held over time, connect and pong latency, cost per connection, storms. */
export function fleetLines(f: FleetReport): string[] {
  const c = f.counts;
  const reasons = Object.entries(f.failuresByReason)
    .map(([why, n]) => `${why}:${n}`)
    .join(' ');
  const lines = [
    `idle connections: ${f.connections} in ${f.processes} process(es), opened at ${f.connectRatePerSec}/s${f.openedInSec === null ? ' (never all held)' : ` (all held after ${f.openedInSec} s)`}, pinging every ${f.pingIntervalSec} s · held at the steps ${f.heldAtSteps}, peak ${f.heldPeak}, end ${f.heldEnd}`,
    `  connect (rtm.connect → hello) ms: p50 ${msOf(f.connectLatency.p50)}  p99 ${msOf(f.connectLatency.p99)}  max ${msOf(f.connectLatency.max)} · rtm.connect calls ${c.rtmConnectCalls} · 429s ${c.rateLimited} · failures ${c.failures}${reasons ? ` (${reasons})` : ''} · lost ${c.lost} · goodbyes ${c.goodbyes}`,
    `  pong ms: p50 ${msOf(f.pongLatency.p50)}  p99 ${msOf(f.pongLatency.p99)}  max ${msOf(f.pongLatency.max)} · ${c.pongs}/${c.pings} pings answered, ${c.pongsMissing} unanswered at the next · message events received ${c.messages ?? 0}`,
    `  the server held ${f.serverConnections ?? '-'} connections at idle · per idle connection: harness ${f.memory.harnessKbPerConnection ?? '-'} KB, server ${f.memory.serverKbPerConnection ?? '-'} KB · idle CPU over ${f.idleCpu.windowSec} s: harness ${f.idleCpu.harnessPct}%${f.idleCpu.serverPct === null ? '' : `, server ${f.idleCpu.serverPct}%`}`,
  ];
  for (const s of f.storms) {
    const r = s.reconnectedMs;
    const acks = s.acks
      ? ` · step ${s.acks.step + 1} acks missing ${s.acks.missing}, duplicated ${s.acks.duplicates}, unsent ${s.acks.unsent}`
      : '';
    const d = s.deliveries;
    const deliveries = d
      ? ` · deliveries missing ${d.missing} of ${d.expected}, duplicated ${d.duplicates}, ts order violations ${d.order}, late ${d.late}`
      : '';
    lines.push(
      `  storm ${s.event} at ${s.atSec.toFixed(1)} s: ${
        // An event that took no connection down (a fault switched on, say) has no reconnection to time.
        s.down === 0
          ? 'no idle connection went down'
          : `${s.down} down, ${s.back} back · reconnected 50 % ${ms(r.p50)}, 90 % ${ms(r.p90)}, 100 % ${ms(r.p100)}`
      } · peak rtm.connect ${s.peakRtmConnectPerSec}/s · 429s ${s.rateLimited} · failures ${s.failures}${acks}${deliveries}`,
    );
  }
  return lines;
}
