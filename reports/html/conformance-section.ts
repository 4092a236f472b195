import type { CheckResult } from '../../harness/runner/events.js';
import type { ResultsFile } from '../../harness/results/results-file.js';
import { badge } from './badge.js';
import { type Markup, html } from './markup.js';

const MAX_FRAME_SHOWN = 400;
export const STATUSES = ['fail', 'warn', 'error', 'pass', 'info', 'skip'] as const;

function transcriptTable(r: CheckResult): Markup | '' {
  if (!r.transcript?.length) return '';
  const rows = r.transcript.map((l) => {
    // Long frames (size-limit probes, broadcasts) are shortened here; results.json keeps them.
    const text =
      l.text.length > MAX_FRAME_SHOWN ? `${l.text.slice(0, MAX_FRAME_SHOWN)}… (${l.text.length} chars)` : l.text;
    const dir = l.dir === 'in' ? '◀ in' : l.dir === 'out' ? 'out ▶' : '·';
    return html`<tr class="${l.dir}"><td class="t">${l.t.toFixed(3)}</td><td class="dir">${dir}</td><td class="conn">${l.conn}</td><td class="frame"><code>${text}</code></td></tr>`;
  });
  return html`<h4>Frames of the shrunk case</h4><table class="transcript"><thead><tr><th>ms</th><th></th><th>conn</th><th>frame</th></tr></thead><tbody>${rows}</tbody></table>`;
}

/** A source is a URL (or several, `; `-separated) the reader can open. */
function sourceLinks(source: string): Markup[] {
  return source
    .split('; ')
    .map((s, i) => html`${i ? '; ' : ''}${/^https:\/\//.test(s) ? html`<a href="${s}">${s}</a>` : s}`);
}

function checkBlock(r: CheckResult): Markup {
  const open = r.status === 'fail' || r.status === 'warn' || r.status === 'error';
  const evidence = r.expected.length
    ? html`<div class="ea"><div><h4>Expected</h4><ul>${r.expected.map((e) => html`<li>${e}</li>`)}</ul></div><div><h4>Actual</h4><p>${r.actual}</p></div></div>`
    : '';
  const replay = r.replay
    ? html`<div class="replay"><h4>Replay</h4><code>${r.replay}</code> <button type="button" class="copy" data-copy="${r.replay}">copy</button></div>`
    : '';
  const counterexample = r.counterexample ? html`<h4>Counterexample</h4><pre>${r.counterexample}</pre>` : '';
  return html`<details class="check ${r.status}" id="check-${r.id}"${open ? html` open` : ''}>
<summary>${badge(r.status)} <code class="id">${r.id}</code> <span class="title">${r.title}</span> <span class="dur">${r.durationMs} ms</span></summary>
<div class="body">
<p class="msg">${r.message}</p>
<blockquote>${r.clause}<footer>${r.level} · ${sourceLinks(r.source)}</footer></blockquote>
<p><b>Sends</b> ${r.sends}<br><b>Requires</b> ${r.requires}</p>
${evidence}${counterexample}${replay}${transcriptTable(r)}
</div></details>`;
}

/** The suites × outcomes matrix, then every check, suites with something wrong first. */
export function conformanceSection(file: ResultsFile): Markup {
  const bad = (suite: string) =>
    file.checks.some((c) => c.suite === suite && (c.status === 'fail' || c.status === 'warn' || c.status === 'error'));
  const suites = [...new Set(file.checks.map((c) => c.suite))].sort((a, b) => Number(bad(b)) - Number(bad(a)));
  const head = html`<tr><th>suite</th>${STATUSES.map((s) => html`<th>${s}</th>`)}</tr>`;
  const rows = suites.map((suite) => {
    const checks = file.checks.filter((c) => c.suite === suite);
    const cells = STATUSES.map((s) => {
      const n = checks.filter((c) => c.status === s).length;
      return html`<td class="${n ? `cell ${s}` : 'cell zero'}">${n || ''}</td>`;
    });
    return html`<tr><th><a href="#suite-${suite}">${suite}</a></th>${cells}</tr>`;
  });
  const bySuite = suites.map(
    (suite) =>
      html`<h3 id="suite-${suite}">${suite}</h3>${file.checks.filter((c) => c.suite === suite).map((c) => html`${checkBlock(c)}\n`)}`,
  );
  return html`<section><h2>Conformance</h2><table class="matrix">${head}${rows}</table>${bySuite}</section>`;
}
