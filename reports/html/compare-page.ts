import type { Comparison } from '../../harness/compare/compare.js';
import { html, trusted } from './markup.js';
import { STYLE } from './style.js';

const KIND_STATUS: Record<string, string> = {
  'new-failure': 'fail',
  fixed: 'pass',
  'known-failure': 'skip',
  'known-but-fixed': 'warn',
  unchanged: 'info',
  added: 'info',
  removed: 'info',
};

/** compare.html: a static page (no script needed) of what changed between two runs. */
export function renderComparison(c: Comparison, baseDir: string, newDir: string): string {
  const changed = c.checks.filter((x) => x.kind !== 'unchanged');
  const checks = changed.length
    ? html`<table><tr><th>change</th><th>check</th><th>base</th><th>new</th></tr>${changed.map((x) => html`<tr><td><span class="st ${KIND_STATUS[x.kind]}">${x.kind}</span></td><td><code>${x.id}</code></td><td>${x.base}</td><td>${x.now}</td></tr>`)}</table>`
    : html`<p>No check changed its outcome.</p>`;
  const latency = c.latency.length
    ? html`<table class="pct"><tr><th>step</th><th>metric</th><th>base ms</th><th>new ms</th><th>change</th><th></th></tr>${c.latency.map(
        (l) =>
          html`<tr><td>${l.step}</td><td>${l.metric}</td><td>${(l.baseUs / 1000).toFixed(3)}</td><td>${(l.nowUs / 1000).toFixed(3)}</td><td>${l.change >= 0 ? '+' : ''}${(l.change * 100).toFixed(1)} %</td><td>${l.regression ? html`<span class="st fail">REGRESSION</span>` : ''}</td></tr>`,
      )}</table><p class="small">Noise band ${(c.noiseBand * 100).toFixed(1)} %: ${c.noiseBandSource}. p50 and p99 gate; the tail is shown.</p>`
    : html`<p>No load results in both runs.</p>`;
  const verdict =
    c.verdict === 'pass'
      ? html`<span class="st pass">NO REGRESSION</span>`
      : html`<span class="st fail">REGRESSION</span>`;
  const banner = c.regressions.length
    ? html`<div class="banner">${c.regressions.length} regression(s)<ul>${c.regressions.map((r) => html`<li>${r}</li>`)}</ul></div>`
    : '';
  return html`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>rtm-conformance compare</title><style>${trusted(STYLE)}</style></head><body>
<header><h1>rtm-conformance compare ${verdict}</h1><p class="meta">base ${baseDir} · new ${newDir}</p></header>
<main>${banner}
<section><h2>Checks</h2>${checks}</section><section><h2>Load latency (corrected)</h2>${latency}</section></main></body></html>
`.text;
}
