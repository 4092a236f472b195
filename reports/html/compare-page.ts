import type { Comparison } from '../../harness/compare/compare.js';
import { html } from '../html-escape.js';
import { STYLE } from './style.js';

const KIND_STATUS: Record<string, string> = { 'new-failure': 'fail', fixed: 'pass', 'known-failure': 'skip', 'known-but-fixed': 'warn', unchanged: 'info', added: 'info', removed: 'info' };

/** compare.html: a static page (no script needed) of what changed between two runs. */
export function renderComparison(c: Comparison, baseDir: string, newDir: string): string {
  const changed = c.checks.filter((x) => x.kind !== 'unchanged');
  const checks = changed.length
    ? `<table><tr><th>change</th><th>check</th><th>base</th><th>new</th></tr>${changed.map((x) => `<tr><td><span class="st ${KIND_STATUS[x.kind]}">${html(x.kind)}</span></td><td><code>${html(x.id)}</code></td><td>${html(x.base)}</td><td>${html(x.now)}</td></tr>`).join('')}</table>`
    : '<p>No check changed its outcome.</p>';
  const latency = c.latency.length
    ? `<table class="pct"><tr><th>step</th><th>metric</th><th>base ms</th><th>new ms</th><th>change</th><th></th></tr>${c.latency
        .map((l) => `<tr><td>${l.step}</td><td>${l.metric}</td><td>${(l.baseUs / 1000).toFixed(3)}</td><td>${(l.nowUs / 1000).toFixed(3)}</td><td>${l.change >= 0 ? '+' : ''}${(l.change * 100).toFixed(1)} %</td><td>${l.regression ? '<span class="st fail">REGRESSION</span>' : ''}</td></tr>`)
        .join('')}</table><p class="small">Noise band ${(c.noiseBand * 100).toFixed(1)} %: ${html(c.noiseBandSource)}. p50 and p99 gate; the tail is shown.</p>`
    : '<p>No load results in both runs.</p>';
  const verdict = c.verdict === 'pass' ? '<span class="st pass">NO REGRESSION</span>' : '<span class="st fail">REGRESSION</span>';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>rtm-conformance compare</title><style>${STYLE}</style></head><body>
<header><h1>rtm-conformance compare ${verdict}</h1><p class="meta">base ${html(baseDir)} · new ${html(newDir)}</p></header>
<main>${c.regressions.length ? `<div class="banner">${c.regressions.length} regression(s)<ul>${c.regressions.map((r) => `<li>${html(r)}</li>`).join('')}</ul></div>` : ''}
<section><h2>Checks</h2>${checks}</section><section><h2>Load latency (corrected)</h2>${latency}</section></main></body></html>
`;
}
