import type { Check, Outcome } from '../check/check.js';
import { TargetGone } from '../check/gone.js';
import { ClauseViolation } from '../check/violation.js';
import type { CheckResult } from './events.js';
import { judgeEvidence, premiseOutcome } from './evidence-rule.js';
import { resultOf } from './result.js';
import type { Side } from './side.js';

/** Every check's own bound, whatever it waits on; a side adds to it (the URL lifetime of a clock-bound check). */
export const CHECK_BUDGET_MS = 120_000;

/**
 * Runs one check on its side, bounded, and turns what it found into its result: the evidence rule judges a
 * pass, a violation outside a property replays as the whole check, a gone target is an error that says what
 * the check saw before. Redacted here, once, for every side.
 */
export async function executeCheck<Ctx>(check: Check<Ctx>, side: Side<Ctx>): Promise<CheckResult> {
  const started = performance.now();
  const begun = await side.begin(check);
  if ('outcome' in begun) return side.redact(resultOf(check, begun.outcome, performance.now() - started));
  if ('missing' in begun)
    return side.redact(
      resultOf(check, premiseOutcome(check, begun.missing, begun.detail), performance.now() - started),
    );
  const budgetMs = CHECK_BUDGET_MS + side.extraBudgetMs(check);
  let timer: NodeJS.Timeout | undefined;
  let outcome: Outcome;
  try {
    const overrun = new Promise<Outcome>((resolve) => {
      timer = setTimeout(
        () => resolve({ kind: 'error', message: `the check did not finish within ${budgetMs / 1000} s` }),
        budgetMs,
      );
    });
    outcome = judgeEvidence(check, await Promise.race([check.run(begun.ctx), overrun]), begun.evidence);
  } catch (err) {
    if (err instanceof ClauseViolation)
      outcome = {
        kind: 'broken',
        message: err.message,
        expected: err.expected,
        actual: err.actual,
        replay: begun.replay?.(''),
      };
    else if (err instanceof TargetGone)
      outcome = { kind: 'error', message: `${err.message} (saw ${begun.evidence.summary()})` };
    else outcome = { kind: 'error', message: err instanceof Error ? err.message : String(err) };
  } finally {
    clearTimeout(timer);
    begun.dispose();
  }
  const result = resultOf(check, outcome, performance.now() - started);
  if ((outcome.kind === 'broken' && !outcome.transcript) || outcome.kind === 'error')
    result.transcript = begun.transcript();
  const notes = begun.notes?.() ?? [];
  if (notes.length > 0) result.transcript = [...(result.transcript ?? []), ...notes];
  return side.redact(result);
}
