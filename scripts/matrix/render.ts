import type { MatrixResults } from './grade.js';
import { type MatrixEntry, NODE18 } from './libraries.js';

/** One graded entry: its run's results.json and, for a Node 18 library, the short run on Node 20 that shows why. */
export interface GradedEntry {
  entry: MatrixEntry;
  results: MatrixResults;
  node20?: MatrixResults;
}

export interface MatrixMeta {
  /** The harness version (package.json). */
  version: string;
  /** The UTC day of the run, YYYY-MM-DD. */
  date: string;
  /** The repository root, taken out of paths in messages. */
  root: string;
}

/** The statuses, worst first: the order in which a row's notable behaviour is looked for. */
const NOTABLE_ORDER = ['fail', 'error', 'warn'] as const;
const VERB: Record<(typeof NOTABLE_ORDER)[number], string> = { fail: 'fails', error: 'errs', warn: 'warns' };
/** A message in a table cell is cut here: the full one is in the run's report. */
const MESSAGE_CHARS = 220;
/** The other checks that did not pass, named after the worst one; the rest are counted (the check table has them). */
const NAMED_OTHERS = 4;
const RTM_PAGE = 'https://api.slack.com/legacy/rtm#';

/** The clause a check rests on: its section of the RTM page when `source` names one, else its first source. */
export function clauseUrl(source: string): string {
  const urls = source.split(/;\s*/).filter((s) => s.startsWith('https://'));
  return urls.find((u) => u.startsWith(RTM_PAGE)) ?? urls[0] ?? 'https://api.slack.com/legacy/rtm';
}

/** Text from a run made safe for one Markdown table cell: one line, no pipes or HTML, local paths relative. */
export function cell(text: string, root: string, max = MESSAGE_CHARS): string {
  let out = text
    .split(`${root.replace(/\/$/, '')}/`)
    .join('')
    .replace(/\s+/g, ' ')
    .trim();
  if ([...out].length > max) out = `${[...out].slice(0, max - 1).join('')}…`;
  return out
    .replaceAll('\\', '\\\\')
    .replaceAll('|', '\\|')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('`', "'");
}

/** The one line that says what stands out in a run: its worst check and the evidence, the others by name. */
export function notable(results: MatrixResults, root: string): string {
  for (const status of NOTABLE_ORDER) {
    const first = results.checks.find((c) => c.status === status);
    if (!first) continue;
    const others = results.checks
      .filter((c) => c !== first && NOTABLE_ORDER.includes(c.status as (typeof NOTABLE_ORDER)[number]))
      .map((c) => `${c.id} (${c.status})`);
    const named = others.slice(0, NAMED_OTHERS).join(', ');
    const more = others.length > NAMED_OTHERS ? ` and ${others.length - NAMED_OTHERS} more` : '';
    const also = others.length ? `; also ${named}${more}` : '';
    return `${VERB[status]} ${first.id}: ${cell(first.message, root)}${also}`;
  }
  const passed = results.checks.filter((c) => c.status === 'pass').length;
  const skipped = results.checks.filter((c) => c.status === 'skip');
  const skips = skipped.length
    ? `; skips ${skipped.length}, first ${skipped[0].id}: ${cell(skipped[0].message, root)}`
    : '';
  if (!passed) return `nothing judged${skips}`;
  return `passes every check it was judged on (${passed})${skips}`;
}

function runtimeLabel(entry: MatrixEntry): string {
  if (entry.runtime === 'node18') return `Node ${NODE18.version} (npm ${NODE18.package})`;
  if (entry.runtime === 'go') return "Go (Debian's golang-go)";
  return 'Node 20';
}

const installLabel = (entry: MatrixEntry): string =>
  entry.install.kind === 'debian'
    ? `Debian ${entry.package} ${entry.version}`
    : entry.install.kind === 'dev-dependency'
      ? 'npm (devDependency)'
      : 'npm';

/** The row's notable line, with the restarts and, for a Node 18 library, the Node 20 run's evidence. */
function notableCell(graded: GradedEntry, root: string): string {
  const parts = [notable(graded.results, root)];
  const restarts = graded.results.restarts?.length ?? 0;
  if (restarts) parts.push(`restarted ${restarts} time${restarts === 1 ? '' : 's'}`);
  for (const { check, text } of graded.entry.diagnoses ?? []) {
    const seen = graded.results.checks.find((c) => c.id === check);
    if (seen && !['pass', 'info'].includes(seen.status))
      parts.push(`Why ${check} ${seen.status === 'skip' ? 'skipped' : 'did not pass'}: ${cell(text, root, 600)}`);
  }
  if (graded.entry.runtimeWhy) parts.push(`Node 18 because ${graded.entry.runtimeWhy}`);
  if (graded.node20) parts.push(`on Node 20 it ${notable(graded.node20, root)}`);
  return parts.map((p, i) => (i ? p[0].toUpperCase() + p.slice(1) : p)).join('. ');
}

/** The summary row of one library: what it is, its counts, its notable behaviour. */
export function summaryRow(graded: GradedEntry, root: string): string {
  const { entry, results } = graded;
  const s = results.summary;
  const seconds = (results.durationMs / 1000).toFixed(1);
  return `| ${entry.name} | ${entry.version} | ${installLabel(entry)} | ${runtimeLabel(entry)} | \`${entry.adapter}\` | ${s.pass} | ${s.warn} | ${s.fail} | ${s.error} | ${s.skip} | ${seconds} s | ${notableCell(graded, root)} |`;
}

/** A table of checks × libraries; each cell is the outcome, linked to the clause of its check. */
export function checkTable(rows: GradedEntry[]): string {
  const ids = [...new Set(rows.flatMap((r) => r.results.checks.map((c) => c.id)))];
  const head = `| check | level | ${rows.map((r) => `${r.entry.name} ${r.entry.version}`).join(' | ')} |`;
  const rule = `| --- | --- | ${rows.map(() => '---').join(' | ')} |`;
  const lines = ids.map((id) => {
    const any = rows.flatMap((r) => r.results.checks).find((c) => c.id === id);
    const level = any?.level ?? '';
    const cells = rows.map((r) => {
      const check = r.results.checks.find((c) => c.id === id);
      return check ? `[${check.status}](${clauseUrl(check.source)})` : 'not run';
    });
    return `| \`${id}\` | ${level} | ${cells.join(' | ')} |`;
  });
  return [head, rule, ...lines].join('\n');
}

const SUMMARY_HEAD = [
  '| library | version | from | runtime | adapter | pass | warn | fail | error | skip | run | notable behaviour |',
  '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
].join('\n');

function section(title: string, intro: string, rows: GradedEntry[], root: string): string {
  if (!rows.length) return '';
  const summary = [SUMMARY_HEAD, ...rows.map((r) => summaryRow(r, root))].join('\n');
  return `## ${title}\n\n${intro}\n\n${summary}\n\nEach outcome links the clause its check rests on.\n\n${checkTable(rows)}\n`;
}

/** What was done to install or run an entry that a reader could not guess: overrides, channels. */
function installNotes(graded: GradedEntry[]): string {
  const notes = graded.flatMap(({ entry }) => {
    const key = `${entry.name} ${entry.version}`;
    const lines: string[] = [];
    if (entry.install.kind === 'npm' && entry.install.overrides) {
      const pins = Object.entries(entry.install.overrides).map(([p, v]) => `\`${p}\` ${v}`);
      lines.push(`- ${key}: npm overrides ${pins.join(', ')}: ${entry.install.overridesWhy ?? ''}`);
    }
    if (entry.channel) lines.push(`- ${key}: \`--channel ${entry.channel.id}\`, ${entry.channel.why}`);
    return lines;
  });
  return notes.length ? `## Install and run notes\n\n${notes.join('\n')}\n` : '';
}

/** docs/compatibility.md, whole, from the graded entries. */
export function renderMatrix(graded: GradedEntry[], meta: MatrixMeta): string {
  const clients = graded.filter((g) => g.entry.role === 'client');
  const servers = graded.filter((g) => g.entry.role === 'server');
  return `# Compatibility matrix

Every RTM client library and third-party RTM server this project can install, graded by rtm-conformance
${meta.version} on ${meta.date} (UTC). Generated by \`npm run matrix\` (scripts/matrix/) from each run's
\`results.json\`; do not edit it by hand. [Back to the README](../README.md).

Versions are pinned in \`scripts/matrix/libraries.ts\`; npm packages are installed into \`.matrix/\` at exactly
those versions (their own dependencies as npm resolves them on the day), slack-go is Debian's package. A library
runs on Node 18 (the official binary from the npm registry) only where it cannot run on Node 20; its row shows what
a short run on Node 20 did. The nightly CI job (\`.ci/nightly\`) installs what the matrix needs and regenerates
this page. How the two modes grade: [client-mode.md](client-mode.md) (the echo contract) and
[cli-and-config.md](cli-and-config.md) (\`run --api\`). Outcomes: [outcomes.md](outcomes.md).

${section(
  'Clients',
  'Each client runs through its echo adapter in `examples/` under `rtm-conformance client`, at the default options.',
  clients,
  meta.root,
)}
${section(
  'Servers',
  'Each server runs through its wrapper in `examples/` (which prints its Web API base URL) and is graded with `rtm-conformance run --api URL` and three fake tokens, at the default options.',
  servers,
  meta.root,
)}
${installNotes(graded)}`.replace(/\n{3,}/g, '\n\n');
}
