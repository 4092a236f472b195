import { describe, expect, it } from 'vitest';
import type { LoadReport } from '../../harness/load/run-load.js';
import type { ResultsFile } from '../../harness/results/results-file.js';
import { renderComparison } from '../../reports/html/compare-page.js';
import { html, trusted } from '../../reports/html/markup.js';
import { renderReport } from '../../reports/html/page.js';

const HOSTILE = `<img src=x onerror="alert(1)">'"&<script>alert(2)</script>`;
/** HOSTILE as text on the page, written out by hand (not by the escaper under test). */
const ESCAPED = '&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&#39;&quot;&amp;&lt;script&gt;alert(2)&lt;/script&gt;';

/** Every string in a JSON value replaced by the hostile text (keys and numbers kept). */
function poison<T>(value: T): T {
  return JSON.parse(JSON.stringify(value), (_k, v) => (typeof v === 'string' ? HOSTILE : v)) as T;
}

const check = {
  id: 'x.y',
  suite: 'connect',
  level: 'MUST',
  status: 'fail',
  title: 't',
  clause: 'c',
  source: 'https://api.slack.com/legacy/rtm#basics',
  sends: 's',
  requires: 'r',
  message: 'm',
  expected: ['e'],
  actual: 'a',
  counterexample: 'ce',
  replay: 'npx rtm-conformance run',
  transcript: [{ t: 0, dir: 'in', conn: 'c1', text: 'frame' }],
  durationMs: 1,
};
const results = {
  tool: { name: 'rtm-conformance', version: '0' },
  target: { api: 'http://x/api/', embedded: false, faults: ['f'] },
  seed: 1,
  runs: 1,
  startedAt: 'now',
  strict: false,
  durationMs: 1,
  verdict: 'fail',
  summary: { pass: 0, fail: 1, warn: 0, info: 0, skip: 0, error: 0 },
  checks: [check],
} as unknown as ResultsFile;
const load = {
  target: { api: 'http://x/api/', embedded: false, note: 'n' },
  config: {
    steps: [{ rate: 1, durationSec: 1 }],
    connections: 1,
    warmupSec: 0,
    workers: 1,
    replyTimeoutMs: 1,
    thresholds: ['p99<1ms'],
  },
  steps: [],
  thresholds: [{ expr: 'p99<1ms', actual: 1, ok: false }],
  resources: { harnessRssStartMb: 1, harnessRssEndMb: 1, serverRssStartMb: null, serverRssEndMb: null },
  verdict: 'fail',
} as unknown as LoadReport;

/** Markup the hostile text would make live: a tag or an attribute it opened. */
const live = (page: string) =>
  [/<img src=x/i, /<script>alert/i, /onerror="alert/i].filter((re) => re.test(page)).map(String);

describe('HTML escaping by construction', () => {
  it('escapes every interpolation unless it is markup', () => {
    expect(html`<p title="${HOSTILE}">${HOSTILE}</p>`.text).not.toMatch(/<img|<script|"alert/);
    // Escaped, not dropped: the text is all there, in the attribute and in the element.
    expect(html`<p title="${HOSTILE}">${HOSTILE}</p>`.text).toBe(`<p title="${ESCAPED}">${ESCAPED}</p>`);
    expect(html`<p>${html`<b>${'<i>'}</b>`}</p>`.text).toBe('<p><b>&lt;i&gt;</b></p>');
    expect(html`${['<a>', trusted('<b>'), 1, null, undefined, false]}`.text).toBe('&lt;a&gt;<b>1');
  });

  it('leaves no live markup in index.html when every string of results.json and load.json is hostile', () => {
    const page = renderReport(poison(results), poison(load));
    expect(page).toContain(ESCAPED);
    expect(live(page)).toEqual([]);
  });

  it('leaves no live markup in compare.html', () => {
    const comparison = poison({
      verdict: 'fail',
      noiseBand: 0.05,
      noiseBandSource: 's',
      regressions: ['r'],
      checks: [{ kind: 'new-failure', id: 'x', base: 'pass', now: 'fail' }],
      latency: [{ step: 1, metric: 'p99', baseUs: 1, nowUs: 2, change: 1, regression: true }],
    });
    const page = renderComparison(comparison as never, HOSTILE, HOSTILE);
    expect(live(page)).toEqual([]);
    // The hostile text is shown as text where it belongs: the two run folders, the regression, the check id.
    expect(page).toContain(`<p class="meta">base ${ESCAPED} · new ${ESCAPED}</p>`);
    expect(page).toContain(`<li>${ESCAPED}</li>`);
    expect(page).toContain(`<code>${ESCAPED}</code>`);
  });
});
