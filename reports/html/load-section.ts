import type { LoadReport } from '../../harness/load/run-load.js';
import type { StepReport } from '../../harness/load/step-report.js';
import type { DeliveryReport } from '../../harness/load/delivery/report.js';
import { msOf } from '../reporter.js';
import { badge } from './badge.js';
import { type Markup, html } from './markup.js';
import { fleetSection } from './load-fleet-section.js';

function percentileRow(name: string, p: StepReport['corrected']): Markup {
  return html`<tr><th>${name}</th>${(['p50', 'p90', 'p99', 'p99.9', 'p99.99', 'max'] as const).map((k) => html`<td>${msOf(p[k])}</td>`)}</tr>`;
}

/** A threshold's actual value in the unit its expression uses. */
function thresholdValue(expr: string, actual: number): string {
  if (/^\s*(delivery\.)?(p[0-9.]+|max)\b/.test(expr)) return `${msOf(actual)} ms`;
  if (/^\s*achieved\b/.test(expr)) return `${(actual * 100).toFixed(1)} %`;
  return String(actual);
}

/** A fan-out step's deliveries: each member's receipt from the due time, and what went missing, twice or out of order. */
function deliveryBlock(d: DeliveryReport): Markup {
  return html`<h4>Delivery to ${d.members - 1} members × ${d.channels} channel(s) (per recipient, from due time; purple in the chart)</h4>
<table class="pct"><tr><th>ms</th><th>p50</th><th>p90</th><th>p99</th><th>p99.9</th><th>p99.99</th><th>max</th></tr>${percentileRow('delivery', d.latency)}</table>
<table class="counters"><tr><th>expected</th><th>received</th><th>missing</th><th>duplicates</th><th>ts order violations</th><th>late</th></tr>
<tr><td>${d.expected}</td><td>${d.received}</td><td>${d.missing}</td><td>${d.duplicates}</td><td>${d.order}</td><td>${d.late}</td></tr></table>`;
}

function stepBlock(s: StepReport, i: number): Markup {
  const c = s.counters;
  const errors =
    Object.entries(c.errorsByCode)
      .map(([code, n]) => `${code}: ${n}`)
      .join(', ') || 'none';
  return html`<div class="step"><h3>Step ${i + 1}: ${s.targetRate}/s target, ${Math.round(s.achievedRate)}/s sent ${s.generatorBehind ? badge('warn') : ''}</h3>
<div class="charts"><figure><figcaption>Latency by percentile (corrected vs raw${s.delivery ? ', and delivery' : ''}), ms</figcaption><div class="chart" data-chart="distribution" data-step="${i}"></div></figure>
<figure><figcaption>Latency over time (corrected p50, p99, max), ms</figcaption><div class="chart" data-chart="latency" data-step="${i}"></div></figure>
<figure><figcaption>Sent and acked per second vs target</figcaption><div class="chart" data-chart="rate" data-step="${i}"></div></figure></div>
<table class="pct"><tr><th>ms</th><th>p50</th><th>p90</th><th>p99</th><th>p99.9</th><th>p99.99</th><th>max</th></tr>${percentileRow('corrected (from due time)', s.corrected)}${percentileRow('raw (from send time)', s.raw)}${percentileRow('send lag', s.sendLag)}${s.hiccups ? percentileRow('machine stalls (hiccups)', s.hiccups) : ''}</table>
<table class="counters"><tr><th>sent</th><th>acked</th><th>missing</th><th>duplicates</th><th>unknown ids</th><th>late</th><th>rate-limited</th><th>errors by code</th><th>disconnects</th><th>reconnects</th></tr>
<tr><td>${c.sent}</td><td>${c.acked}</td><td>${c.missing}</td><td>${c.duplicates}</td><td>${c.unknown}</td><td>${c.late}</td><td>${c.rateLimited}</td><td>${errors}</td><td>${c.disconnects}</td><td>${c.reconnects}</td></tr></table>
${s.delivery ? deliveryBlock(s.delivery) : ''}
<p class="small">Event-loop delay p99 ${s.eventLoopDelayP99Ms.toFixed(2)} ms · CPU: harness ${s.cpu.harnessPct.toFixed(0)} %${s.cpu.serverPct === null ? '' : `, server ${s.cpu.serverPct.toFixed(0)} %`}</p></div>`;
}

/** Thresholds, then each step's charts, percentiles and counters, then the connect-rate step. */
export function loadSection(report: LoadReport): Markup {
  const behind = report.steps.filter((s) => s.generatorBehind);
  const banner = behind.length
    ? html`<div class="banner">The generator fell behind its schedule in ${behind.length} of ${report.steps.length} step(s): their latency figures are not trustworthy.<ul>${behind.flatMap((s) => s.advice.map((a) => html`<li>${s.targetRate}/s: ${a}</li>`))}</ul></div>`
    : '';
  const thresholds = report.thresholds.length
    ? html`<table class="thresholds"><tr><th>threshold</th><th>actual</th><th></th></tr>${report.thresholds.map((t) => html`<tr><td><code>${t.expr}</code></td><td>${thresholdValue(t.expr, t.actual)}</td><td>${badge(t.ok ? 'pass' : 'fail')}</td></tr>`)}</table>`
    : html`<p>No thresholds were set.</p>`;
  const cr = report.connectRate;
  const connect = cr
    ? html`<h3>connect-rate</h3><p>rtm.connect under HTTP load (autocannon, ${cr.connections} connections, ${cr.durationSec} s): ${cr.requestsPerSec.toFixed(0)} requests/s, latency p50 ${cr.latencyMs.p50} ms, p99 ${cr.latencyMs.p99} ms, max ${cr.latencyMs.max} ms; non-2xx ${cr.non2xx}, errors ${cr.errors}.</p>`
    : '';
  const r = report.resources;
  const memory = r
    ? ` · harness RSS ${r.harnessRssStartMb} → ${r.harnessRssEndMb} MB${r.serverRssStartMb === null ? '' : `, server RSS ${r.serverRssStartMb} → ${r.serverRssEndMb} MB`}`
    : '';
  const steps = report.steps.map((s, i) => html`${stepBlock(s, i)}\n`);
  return html`<section><h2>Load ${badge(report.verdict)}</h2>${banner}<p>${report.target.api} (${report.target.note}) · ${report.config.connections} connections · ${report.config.workers} sender thread(s) · warm-up ${report.config.warmupSec} s${memory}</p>${thresholds}${steps}${fleetSection(report.fleet)}${connect}</section>`;
}
