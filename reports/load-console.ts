import type { Progress } from '../harness/load/sender-types.js';
import type { LoadReport } from '../harness/load/run-load.js';
import type { StepReport } from '../harness/load/step-report.js';
import { msOf } from './reporter.js';
import { deliveryLines } from './load-delivery.js';
import { fleetLines } from './load-fleet-console.js';

/** Progress while a load runs: a live line on a TTY, a plain line every 5 s elsewhere (CI). */
export function progressPrinter(stream: NodeJS.WritableStream & { isTTY?: boolean }, totalSteps: number) {
  const live = !!stream.isTTY && !process.env.CI;
  let lastPlain = 0;
  let wrote = false;
  return {
    update: (p: Progress & { totalSteps: number }) => {
      const line = `step ${p.step + 1}/${totalSteps} · ${p.elapsedSec}s · sent ${p.sent} · acked ${p.acked} · p99 ${msOf(p.correctedP99Us)} ms · errors ${p.errors}`;
      if (live) {
        stream.write(`\r\x1b[2K${line}`);
        wrote = true;
      } else if (p.elapsedSec - lastPlain >= 5 || p.elapsedSec < lastPlain) {
        lastPlain = p.elapsedSec;
        stream.write(`${line}\n`);
      }
    },
    done: () => {
      if (wrote) stream.write('\n');
    },
  };
}

function stepLines(s: StepReport): string[] {
  const c = s.counters;
  const errors =
    Object.entries(c.errorsByCode)
      .map(([code, n]) => `${code}:${n}`)
      .join(' ') || 'none';
  return [
    `rate ${s.targetRate}/s → sent ${Math.round(s.achievedRate)}/s, ${c.sent} sent, ${c.acked} acked${s.generatorBehind ? '   ⚠ GENERATOR BEHIND: latency below is not trustworthy' : ''}`,
    `  corrected (from due time) ms: p50 ${msOf(s.corrected.p50)}  p90 ${msOf(s.corrected.p90)}  p99 ${msOf(s.corrected.p99)}  p99.9 ${msOf(s.corrected['p99.9'])}  p99.99 ${msOf(s.corrected['p99.99'])}  max ${msOf(s.corrected.max)}`,
    `  raw (from send time)       ms: p50 ${msOf(s.raw.p50)}  p90 ${msOf(s.raw.p90)}  p99 ${msOf(s.raw.p99)}  p99.9 ${msOf(s.raw['p99.9'])}  max ${msOf(s.raw.max)}`,
    `  send lag ms: p50 ${msOf(s.sendLag.p50)}  p99 ${msOf(s.sendLag.p99)}  max ${msOf(s.sendLag.max)} · machine stalls (hiccups) ms: p99 ${msOf(s.hiccups?.p99 ?? 0)}  max ${msOf(s.hiccups?.max ?? 0)} · event-loop delay p99 ${s.eventLoopDelayP99Ms.toFixed(2)} ms · cpu harness ${s.cpu.harnessPct.toFixed(0)}%${s.cpu.serverPct === null ? '' : ` server ${s.cpu.serverPct.toFixed(0)}%`}`,
    `  missing ${c.missing} · duplicates ${c.duplicates} · unknown ids ${c.unknown} · late ${c.late} · rate-limited ${c.rateLimited} · errors ${errors} · disconnects ${c.disconnects} · reconnects ${c.reconnects} · unsent ${c.unsent}`,
    ...(s.delivery ? deliveryLines(s.delivery) : []),
    ...s.advice.map((a) => `  → ${a}`),
  ];
}

export function printLoadSummary(stream: NodeJS.WritableStream, report: LoadReport): void {
  const lines = [
    `load against ${report.target.api} (${report.target.note}), ${report.config.connections} connections, ${report.config.workers} sender thread(s)`,
  ];
  if (report.shardSkew)
    lines.push(
      `shards began the first step within ${Math.max(...report.shardSkew.map((k) => k.startSkewMs))} ms: ${report.shardSkew.map((k) => `${k.shard} +${k.startSkewMs} ms`).join(', ')}`,
    );
  for (const s of report.steps) lines.push(...stepLines(s));
  if (report.connectRate) {
    const r = report.connectRate;
    lines.push(
      `connect-rate: rtm.connect ${r.requestsPerSec.toFixed(0)} req/s over ${r.connections} HTTP connections, latency ms p50 ${r.latencyMs.p50} p99 ${r.latencyMs.p99} max ${r.latencyMs.max}, non-2xx ${r.non2xx}, errors ${r.errors}`,
    );
  }
  if (report.fleet) lines.push(...fleetLines(report.fleet));
  const r = report.resources;
  if (r)
    lines.push(
      `memory: harness RSS ${r.harnessRssStartMb} → ${r.harnessRssEndMb} MB${r.serverRssStartMb === null ? '' : ` · server RSS ${r.serverRssStartMb} → ${r.serverRssEndMb} MB`}`,
    );
  for (const t of report.thresholds) lines.push(`threshold ${t.expr}: ${t.ok ? 'ok' : 'BROKEN'} (actual ${t.actual})`);
  lines.push(report.verdict === 'pass' ? 'load: PASSED' : 'load: FAILED (a threshold broke)');
  stream.write(`${lines.join('\n')}\n`);
}
