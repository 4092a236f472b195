import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CheckResult, RunEvent } from '../harness/runner/events.js';
import type { ResultsFile } from './json.js';
import { resultsFileOf } from './json.js';
import { html } from './html-escape.js';
import type { Reporter } from './reporter.js';

const STYLE = `body{font:14px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:1100px;color:#1d1d1f;padding:0 1rem}
h1{font-size:1.4rem;margin:0 0 .3rem}.meta{color:#555;margin-bottom:1rem}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #e3e3e3;padding:.35rem .5rem;text-align:left;vertical-align:top}
.st{font-weight:600;border-radius:3px;padding:0 .35rem;font-size:12px}.pass{background:#dff5e1;color:#11632a}.fail{background:#fde0e0;color:#9b1010}
.warn{background:#fff2cc;color:#7a5600}.info{background:#e0f0ff;color:#0b4f8a}.skip{background:#eee;color:#555}.error{background:#f3e0ff;color:#6a1196}
pre{background:#f6f6f6;padding:.5rem;overflow:auto;white-space:pre-wrap;word-break:break-all;font-size:12px}details summary{cursor:pointer}
blockquote{margin:.3rem 0;padding-left:.7rem;border-left:3px solid #ccc;color:#444}`;

function checkRow(r: CheckResult): string {
  const transcript = (r.transcript ?? []).map((l) => `${l.t.toFixed(3).padStart(9)} ms ${l.dir === 'in' ? '←' : l.dir === 'out' ? '→' : '·'} ${l.conn} ${l.text}`).join('\n');
  const details = [
    `<blockquote>${html(r.clause)}</blockquote><div><small>${html(r.source)}</small></div>`,
    `<div><b>sends</b> ${html(r.sends)}</div><div><b>requires</b> ${html(r.requires)}</div>`,
    r.expected.length ? `<div><b>expected</b> ${html(r.expected.join(' | '))}</div><div><b>actual</b> ${html(r.actual)}</div>` : '',
    r.counterexample ? `<div><b>counterexample</b> <code>${html(r.counterexample)}</code></div>` : '',
    r.replay ? `<div><b>replay</b> <code>${html(r.replay)}</code></div>` : '',
    transcript ? `<pre>${html(transcript)}</pre>` : '',
  ].join('');
  return `<tr><td><span class="st ${r.status}">${r.status.toUpperCase()}</span></td><td>${html(r.level)}</td><td><details${r.status === 'fail' ? ' open' : ''}><summary><code>${html(r.id)}</code> ${html(r.title)}</summary>${details}</details></td><td>${html(r.message)}</td><td>${r.durationMs}&nbsp;ms</td></tr>`;
}

/** A plain, self-contained page of the results (no script, no network). */
export function renderResultsPage(file: ResultsFile): string {
  const s = file.summary;
  const counts = (Object.keys(s) as (keyof typeof s)[]).map((k) => `<span class="st ${k}">${s[k]} ${k}</span>`).join(' ');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>rtm-conformance: ${html(file.verdict)}</title><style>${STYLE}</style></head><body>
<h1>rtm-conformance ${html(file.tool.version)}: ${html(file.verdict.toUpperCase())}</h1>
<div class="meta">target ${html(file.target.embedded ? 'embedded reference server' : file.target.api)}${file.target.faults.length ? ` (faults: ${html(file.target.faults.join(', '))})` : ''} · seed ${file.seed} · ${html(file.startedAt)} · ${(file.durationMs / 1000).toFixed(1)} s</div>
<p>${counts}</p>
<table><thead><tr><th>status</th><th>level</th><th>check</th><th>message</th><th>time</th></tr></thead><tbody>
${file.checks.map(checkRow).join('\n')}
</tbody></table></body></html>
`;
}

export function htmlReporter(out: string): Reporter {
  return {
    async onEvent(e: RunEvent) {
      if (e.type !== 'run-end') return;
      await mkdir(out, { recursive: true });
      await writeFile(join(out, 'index.html'), renderResultsPage(resultsFileOf(e.info, e.results, e.summary, e.durationMs, e.verdict)));
    },
  };
}
