import type { Check, Outcome } from '../check/check.js';
import { type Evidence, PREMISES, type Premise } from '../check/premise.js';

/**
 * The one place a pass is granted: a `held` finding passes only when every premise of the check was observed,
 * something was counted, and what the check exercises was counted at least once; its message then says how
 * much was seen. Anything else is the missing premise's outcome (fail, skip or error), with the reason and
 * the check that explains it.
 */
export function judgeEvidence(
  check: Pick<Check, 'id' | 'premises' | 'otherwise' | 'exercises'>,
  finding: Outcome,
  evidence: Evidence,
): Outcome {
  if (finding.kind !== 'held') return finding;
  const missing = check.premises.find((p) => evidence.count(p) === 0);
  if (missing) return premiseOutcome(check, missing, `saw ${evidence.summary()}`);
  if (evidence.total === 0)
    return { kind: 'error', message: `${check.id} reported a pass without any evidence: a harness bug` };
  if (check.exercises && evidence.count(check.exercises) === 0) {
    return {
      kind: 'error',
      message: `${check.id} held without any ${check.exercises}: its generated cases never did what the clause is about, a harness bug (saw ${evidence.summary()})`,
    };
  }
  return { ...finding, message: `${finding.message ?? 'held'}: ${evidence.summary()}` };
}

/** The outcome when `premise` never materialised; `detail` says what was seen instead. */
export function premiseOutcome(
  check: Pick<Check, 'id' | 'premises' | 'otherwise'>,
  premise: Premise,
  detail: string,
): Outcome {
  const info = PREMISES[premise];
  const otherwise = check.otherwise?.[premise] ?? info.otherwise;
  const none = `no ${info.what} observed`;
  switch (otherwise) {
    case 'fail':
      return {
        kind: 'broken',
        message: `${none} (${detail})`,
        expected: [`at least one ${info.what}`],
        actual: `none (${detail})`,
      };
    case 'skip':
      return { kind: 'skipped', reason: `${none}${info.hint ? `: ${info.hint}` : ''} (${detail})` };
    case 'error':
      // The pointer to the check that owns the premise is kept apart: the engine names it only if that check failed.
      return {
        kind: 'error',
        message: `${none} (${detail})`,
        see: info.see && info.see !== check.id ? info.see : undefined,
      };
  }
}
