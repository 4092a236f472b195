import type { Check, Outcome } from '../check/check.js';
import type { CheckResult } from './events.js';
import { statusOf } from './outcome.js';

/** A check's result as reporters see it: the check's clause and what its outcome came to. */
export function resultOf(check: Omit<Check<never>, 'run'>, outcome: Outcome, durationMs: number): CheckResult {
  const base = {
    id: check.id,
    suite: check.suite,
    level: check.level,
    title: check.title,
    clause: check.clause,
    source: check.source,
    sends: check.sends,
    requires: check.requires,
    durationMs: Math.round(durationMs),
  };
  switch (outcome.kind) {
    case 'error':
      return {
        ...base,
        status: 'error',
        message: outcome.message,
        expected: [],
        actual: '',
        ...(outcome.see ? { see: outcome.see } : {}),
      };
    case 'skipped':
      return { ...base, status: 'skip', message: outcome.reason, expected: [], actual: '' };
    case 'held':
    case 'observed':
      return {
        ...base,
        status: statusOf(check.level, outcome),
        message: outcome.message ?? 'held',
        expected: [],
        actual: outcome.kind === 'held' ? (outcome.observed ?? '') : '',
      };
    case 'broken': {
      const { message, expected, actual, counterexample, replay, transcript } = outcome;
      return {
        ...base,
        status: statusOf(check.level, outcome),
        message,
        expected,
        actual,
        counterexample,
        replay,
        transcript,
      };
    }
  }
}
