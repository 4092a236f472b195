import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { LoadReport } from '../../harness/load/run-load.js';
import type { CheckResult } from '../../harness/runner/events.js';
import { html } from '../html-escape.js';
import { msOf } from '../reporter.js';
import type { ResultsFile } from '../json.js';
import { CHART_SCRIPT } from './chart-script.js';
import { loadSeries } from './load-series.js';
import { STYLE } from './style.js';

const require = createRequire(import.meta.url);
/** uPlot, inlined: the page needs no network, now or in ten years. */
const UPLOT_JS = readFileSync(require.resolve('uplot/dist/uPlot.iife.min.js'), 'utf8');
const UPLOT_CSS = readFileSync(require.resolve('uplot/dist/uPlot.min.css'), 'utf8');

const MAX_FRAME_SHOWN = 400;
const STATUSES = ['fail', 'warn', 'error', 'pass', 'info', 'skip'] as const;

/** JSON that is safe inside a <script> element, whatever strings the target put in it. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

function badge(status: string): string {
  return `<span class="st ${html(status)}">${html(status.toUpperCase())}</span>`;
}

function transcriptTable(r: CheckResult): string {
  if (!r.transcript?.length) return '';
  const rows = r.transcript
    .map((l) => {
      // Long frames (size-limit probes, broadcasts) are shortened here; results.json keeps them.
      const text = l.text.length > MAX_FRAME_SHOWN ? `${l.text.slice(0, MAX_FRAME_SHOWN)}… (${l.text.length} chars)` : l.text;
      return `<tr class="${l.dir}"><td class="t">${l.t.toFixed(3)}</td><td class="dir">${l.dir === 'in' ? '◀ in' : l.dir === 'out' ? 'out ▶' : '·'}</td><td class="conn">${html(l.conn)}</td><td class="frame"><code>${html(text)}</code></td></tr>`;
    })
    .join('');
  return `<h4>Frames of the shrunk case</h4><table class="transcript"><thead><tr><th>ms</th><th></th><th>conn</th><th>frame</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function checkBlock(r: CheckResult): string {
  const open = r.status === 'fail' || r.status === 'warn' || r.status === 'error' ? ' open' : '';
  const evidence = r.expected.length
    ? `<div class="ea"><div><h4>Expected</h4><ul>${r.expected.map((e) => `<li>${html(e)}</li>`).join('')}</ul></div><div><h4>Actual</h4><p>${html(r.actual)}</p></div></div>`
    : '';
  const replay = r.replay
    ? `<div class="replay"><h4>Replay</h4><code>${html(r.replay)}</code> <button type="button" class="copy" data-copy="${html(r.replay)}">copy</button></div>`
    : '';
  return `<details class="check ${r.status}" id="check-${html(r.id)}"${open}>
<summary>${badge(r.status)} <code class="id">${html(r.id)}</code> <span class="title">${html(r.title)}</span> <span class="dur">${r.durationMs} ms</span></summary>
<div class="body">
<p class="msg">${html(r.message)}</p>
<blockquote>${html(r.clause)}<footer>${html(r.level)} · ${html(r.source)}</footer></blockquote>
<p><b>Sends</b> ${html(r.sends)}<br><b>Requires</b> ${html(r.requires)}</p>
${evidence}${r.counterexample ? `<h4>Counterexample</h4><pre>${html(r.counterexample)}</pre>` : ''}${replay}${transcriptTable(r)}
</div></details>`;
}

function conformanceSection(file: ResultsFile): string {
  // Suites with something wrong first: a reader opens the report to see what failed.
  const bad = (suite: string) => file.checks.some((c) => c.suite === suite && (c.status === 'fail' || c.status === 'warn' || c.status === 'error'));
  const suites = [...new Set(file.checks.map((c) => c.suite))].sort((a, b) => Number(bad(b)) - Number(bad(a)));
  const head = `<tr><th>suite</th>${STATUSES.map((s) => `<th>${s}</th>`).join('')}</tr>`;
  const rows = suites
    .map((suite) => {
      const checks = file.checks.filter((c) => c.suite === suite);
      const cells = STATUSES.map((s) => {
        const n = checks.filter((c) => c.status === s).length;
        return `<td class="${n ? `cell ${s}` : 'cell zero'}">${n || ''}</td>`;
      }).join('');
      return `<tr><th><a href="#suite-${html(suite)}">${html(suite)}</a></th>${cells}</tr>`;
    })
    .join('');
  const bySuite = suites
    .map((suite) => `<h3 id="suite-${html(suite)}">${html(suite)}</h3>${file.checks.filter((c) => c.suite === suite).map(checkBlock).join('\n')}`)
    .join('\n');
  return `<section><h2>Conformance</h2><table class="matrix">${head}${rows}</table>${bySuite}</section>`;
}

function percentileRow(name: string, p: LoadReport['steps'][number]['corrected']): string {
  return `<tr><th>${name}</th>${(['p50', 'p90', 'p99', 'p99.9', 'p99.99', 'max'] as const).map((k) => `<td>${msOf(p[k])}</td>`).join('')}</tr>`;
}

/** A threshold's actual value in the unit its expression uses. */
function thresholdValue(expr: string, actual: number): string {
  if (/^\s*(p[0-9.]+|max)\b/.test(expr)) return `${msOf(actual)} ms`;
  if (/^\s*achieved\b/.test(expr)) return `${(actual * 100).toFixed(1)} %`;
  return String(actual);
}

function loadSection(report: LoadReport): string {
  const behind = report.steps.filter((s) => s.generatorBehind);
  const banner = behind.length
    ? `<div class="banner">The generator fell behind its schedule in ${behind.length} of ${report.steps.length} step(s): their latency figures are not trustworthy.<ul>${behind.flatMap((s) => s.advice.map((a) => `<li>${html(`${s.targetRate}/s: ${a}`)}</li>`)).join('')}</ul></div>`
    : '';
  const thresholds = report.thresholds.length
    ? `<table class="thresholds"><tr><th>threshold</th><th>actual</th><th></th></tr>${report.thresholds.map((t) => `<tr><td><code>${html(t.expr)}</code></td><td>${html(thresholdValue(t.expr, t.actual))}</td><td>${badge(t.ok ? 'pass' : 'fail')}</td></tr>`).join('')}</table>`
    : '<p>No thresholds were set.</p>';
  const steps = report.steps
    .map((s, i) => {
      const c = s.counters;
      const errors = Object.entries(c.errorsByCode).map(([code, n]) => `${html(code)}: ${n}`).join(', ') || 'none';
      return `<div class="step"><h3>Step ${i + 1}: ${s.targetRate}/s target, ${Math.round(s.achievedRate)}/s sent ${s.generatorBehind ? badge('warn') : ''}</h3>
<div class="charts"><figure><figcaption>Latency by percentile (corrected vs raw), ms</figcaption><div class="chart" data-chart="distribution" data-step="${i}"></div></figure>
<figure><figcaption>Latency over time (corrected p50, p99, max), ms</figcaption><div class="chart" data-chart="latency" data-step="${i}"></div></figure>
<figure><figcaption>Sent and acked per second vs target</figcaption><div class="chart" data-chart="rate" data-step="${i}"></div></figure></div>
<table class="pct"><tr><th>ms</th><th>p50</th><th>p90</th><th>p99</th><th>p99.9</th><th>p99.99</th><th>max</th></tr>${percentileRow('corrected (from due time)', s.corrected)}${percentileRow('raw (from send time)', s.raw)}${percentileRow('send lag', s.sendLag)}</table>
<table class="counters"><tr><th>sent</th><th>acked</th><th>missing</th><th>duplicates</th><th>unknown ids</th><th>late</th><th>rate-limited</th><th>errors by code</th><th>disconnects</th><th>reconnects</th></tr>
<tr><td>${c.sent}</td><td>${c.acked}</td><td>${c.missing}</td><td>${c.duplicates}</td><td>${c.unknown}</td><td>${c.late}</td><td>${c.rateLimited}</td><td>${errors}</td><td>${c.disconnects}</td><td>${c.reconnects}</td></tr></table>
<p class="small">Event-loop delay p99 ${s.eventLoopDelayP99Ms.toFixed(2)} ms · CPU: harness ${s.cpu.harnessPct.toFixed(0)} %${s.cpu.serverPct === null ? '' : `, server ${s.cpu.serverPct.toFixed(0)} %`}</p></div>`;
    })
    .join('\n');
  const cr = report.connectRate;
  const connect = cr
    ? `<h3>connect-rate</h3><p>rtm.connect under HTTP load (autocannon, ${cr.connections} connections, ${cr.durationSec} s): ${cr.requestsPerSec.toFixed(0)} requests/s, latency p50 ${cr.latencyMs.p50} ms, p99 ${cr.latencyMs.p99} ms, max ${cr.latencyMs.max} ms; non-2xx ${cr.non2xx}, errors ${cr.errors}.</p>`
    : '';
  const r = report.resources;
  const memory = r ? ` · harness RSS ${r.harnessRssStartMb} → ${r.harnessRssEndMb} MB${r.serverRssStartMb === null ? '' : `, server RSS ${r.serverRssStartMb} → ${r.serverRssEndMb} MB`}` : '';
  return `<section><h2>Load ${badge(report.verdict)}</h2>${banner}<p>${html(report.target.api)} (${html(report.target.note)}) · ${report.config.connections} connections · ${report.config.workers} sender thread(s) · warm-up ${report.config.warmupSec} s${memory}</p>${thresholds}${steps}${connect}</section>`;
}

/** The whole report: one self-contained file; tables readable without JavaScript, charts drawn with it. */
export function renderReport(results: ResultsFile | undefined, load: LoadReport | undefined): string {
  const verdict = results?.verdict === 'fail' || load?.verdict === 'fail' ? 'fail' : results?.verdict === 'error' ? 'error' : 'pass';
  const s = results?.summary;
  const meta = results
    ? `<p class="meta">target ${html(results.target.embedded ? `embedded reference server${results.target.faults.length ? ` (faults: ${results.target.faults.join(', ')})` : ''}` : results.target.api)} · rtm-conformance ${html(results.tool.version)} · seed ${results.seed} · ${results.runs} runs per property · ${html(results.startedAt)} · ${(results.durationMs / 1000).toFixed(1)} s</p>
<p class="counts">${STATUSES.map((k) => `<span class="st ${k}">${s![k]} ${k}</span>`).join(' ')}</p>`
    : '';
  const data = load ? { series: loadSeries(load) } : { series: [] };
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>rtm-conformance: ${verdict.toUpperCase()}</title>
<style>${UPLOT_CSS}</style><style>${STYLE}</style></head>
<body>
<header><h1>rtm-conformance ${badge(verdict)}</h1>${meta}</header>
<main>${results ? conformanceSection(results) : ''}${load ? loadSection(load) : ''}</main>
<footer><p>Generated by rtm-conformance. Regenerate with <code>rtm-conformance report DIR</code>.</p></footer>
<script type="application/json" id="rtm-data">${scriptJson(data)}</script>
<script>${UPLOT_JS}</script>
<script>${CHART_SCRIPT}</script>
</body></html>
`;
}
