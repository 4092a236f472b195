import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CheckResult, RunEvent, RunInfo, Summary } from '../harness/runner/events.js';
import type { Reporter } from './reporter.js';

/** results.json: the public, documented shape (README, "results.json"). */
export interface ResultsFile extends RunInfo {
  durationMs: number;
  verdict: 'pass' | 'fail' | 'error';
  summary: Summary;
  checks: CheckResult[];
}

export function resultsFileOf(info: RunInfo, results: CheckResult[], summary: Summary, durationMs: number, verdict: ResultsFile['verdict']): ResultsFile {
  return { tool: info.tool, target: info.target, seed: info.seed, runs: info.runs, strict: info.strict, startedAt: info.startedAt, durationMs, verdict, summary, checks: results };
}

export function jsonReporter(out: string): Reporter {
  return {
    async onEvent(e: RunEvent) {
      if (e.type !== 'run-end') return;
      await mkdir(out, { recursive: true });
      const file = resultsFileOf(e.info, e.results, e.summary, e.durationMs, e.verdict);
      await writeFile(join(out, 'results.json'), `${JSON.stringify(file, null, 2)}\n`);
    },
  };
}
