import type { Finding, Level, Status } from '../check/check.js';

/**
 * The runner's one rule for outcomes (Autobahn-style): a broken MUST fails, a broken SHOULD warns,
 * a broken MAY or INFO is information; what the spec leaves open is info; a missing premise is skip.
 */
export function statusOf(level: Level, finding: Finding): Status {
  switch (finding.kind) {
    case 'held':
      return level === 'INFO' ? 'info' : 'pass';
    case 'observed':
      return 'info';
    case 'skipped':
      return 'skip';
    case 'broken':
      return level === 'MUST' ? 'fail' : level === 'SHOULD' ? 'warn' : 'info';
  }
}

/** The run's verdict: failures (and, with --strict, warnings) fail it; harness errors make it an error. */
export function verdictOf(
  summary: { fail: number; warn: number; error: number },
  strict: boolean,
): 'pass' | 'fail' | 'error' {
  if (summary.fail > 0 || (strict && summary.warn > 0)) return 'fail';
  if (summary.error > 0) return 'error';
  return 'pass';
}
