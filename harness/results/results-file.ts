import type { CheckResult, ClientRestart, RunInfo, Summary } from '../runner/events.js';

/** results.json: the public, documented shape (README, "results.json"). */
export interface ResultsFile extends RunInfo {
  durationMs: number;
  verdict: 'pass' | 'fail' | 'error';
  summary: Summary;
  checks: CheckResult[];
  /** Client mode: each time COMMAND was started again before a check (absent when it never was). */
  restarts?: ClientRestart[];
}

export function resultsFileOf(
  info: RunInfo,
  results: CheckResult[],
  summary: Summary,
  durationMs: number,
  verdict: ResultsFile['verdict'],
): ResultsFile {
  return { ...info, durationMs, verdict, summary, checks: results };
}

/** What `report` and `compare` need of a results.json; anything else in it is carried along. */
export function isResultsFile(value: unknown): value is ResultsFile {
  const v = value as Partial<ResultsFile> | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    Array.isArray(v.checks) &&
    typeof v.verdict === 'string' &&
    typeof v.summary === 'object'
  );
}
