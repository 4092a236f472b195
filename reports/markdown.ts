import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunEvent } from '../harness/runner/events.js';
import type { ResultsFile } from '../harness/results/results-file.js';
import { resultsFileOf } from '../harness/results/results-file.js';
import { type Reporter, keepRestarts, restartLine } from './reporter.js';

/**
 * Text for a Markdown table cell: nothing in it can end the cell, open a code span or a link, or become HTML
 * (GitHub renders inline HTML in job summaries and comments).
 */
export function mdCell(text: string, max = 400): string {
  const short = text.length > max ? `${text.slice(0, max)}…` : text;
  return (
    short
      // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this strips
      .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/\r?\n/g, ' ')
      .replace(/([\\`*_{}[\]()#+!|~])/g, '\\$1')
  );
}

/** A command as a code span that no backtick in it can close early. */
export function mdCode(text: string): string {
  const flat = text.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|');
  const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(longest + 1);
  // CommonMark strips one space each side, so a span that starts or ends with a backtick gets padded.
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}

const STATUS_ORDER = ['fail', 'error', 'warn'] as const;

/** The run as a job summary: the verdict, the counts, and every check that needs a look, with its clause and replay. */
export function renderMarkdown(file: ResultsFile): string {
  const s = file.summary;
  const icon = file.verdict === 'pass' ? '✅' : file.verdict === 'fail' ? '❌' : '⚠️';
  const target = file.target.embedded
    ? `embedded reference server${file.target.faults.length ? ` (faults: ${file.target.faults.join(', ')})` : ''}`
    : file.target.api;
  const lines = [
    `## ${icon} rtm-conformance: ${file.verdict.toUpperCase()}`,
    '',
    `${mdCell(target)} · seed ${file.seed} · ${file.runs} runs per property · ${(file.durationMs / 1000).toFixed(1)} s`,
    '',
    `| pass | fail | warn | info | skip | error |`,
    `| ---: | ---: | ---: | ---: | ---: | ---: |`,
    `| ${s.pass} | ${s.fail} | ${s.warn} | ${s.info} | ${s.skip} | ${s.error} |`,
  ];
  if (file.restarts?.length)
    lines.push(
      '',
      `**Client restarts:** ${file.restarts.length}`,
      '',
      ...file.restarts.map((r) => `- ${mdCell(restartLine(r))}`),
    );
  const flagged = STATUS_ORDER.flatMap((status) => file.checks.filter((c) => c.status === status));
  if (flagged.length === 0) return `${[...lines, '', 'No check failed, warned or broke.'].join('\n')}\n`;
  lines.push(
    '',
    '| status | check | level | clause | what happened | replay |',
    '| --- | --- | --- | --- | --- | --- |',
  );
  for (const c of flagged) {
    const clause = `${mdCell(c.clause, 200)} ([source](${c.source.split('; ')[0].replace(/[()\s]/g, encodeURIComponent)}))`;
    lines.push(
      `| ${c.status.toUpperCase()} | ${mdCode(c.id)} | ${c.level} | ${clause} | ${mdCell(c.message)} | ${c.replay ? mdCode(c.replay) : ''} |`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** Writes summary.md at the end of the run (for $GITHUB_STEP_SUMMARY, GitLab, Jenkins or a PR comment). */
export function markdownReporter(out: string): Reporter {
  const restarts = keepRestarts();
  return {
    async onEvent(e: RunEvent) {
      restarts.note(e);
      if (e.type !== 'run-end') return;
      await mkdir(out, { recursive: true });
      await writeFile(
        join(out, 'summary.md'),
        renderMarkdown(restarts.into(resultsFileOf(e.info, e.results, e.summary, e.durationMs, e.verdict))),
      );
    },
  };
}
