import type { RunOptions } from '../config/resolve.js';
import { Transcript } from '../session/transcript.js';
import type { Target } from '../target/target.js';
import type { ProbeResult } from '../target/probe.js';
import type { Check } from './check.js';
import { CheckContext } from './context.js';
import type { CheckResult } from './events.js';
import { type Outcome, judgeEvidence, premiseOutcome } from './evidence-rule.js';
import { statusOf } from './outcome.js';
import { replayCommand } from './replay.js';
import type { RunHealth } from './run-health.js';
import { TargetGone } from './run-health.js';
import type { Timeouts } from './timeouts.js';
import { ClauseViolation } from './violation.js';


/** A check's own bound: whatever it waits on, it ends. Clock-bound checks get the URL lifetime on top. */
function budgetMsOf(check: Check, urlTtlSec: number): number {
  return 120_000 + (check.needs.waitsOnClock ? urlTtlSec * 2000 : 0);
}

/** What every check of a run shares: the target, its bounds, the probe's finding and the target's health. */
export interface RunContext {
  options: RunOptions;
  target: Target;
  timeouts: Timeouts;
  probe: ProbeResult;
  health: RunHealth;
}

/** Runs one check against the target, bounded, and turns what it found into its result (redacted). */
export async function executeCheck(check: Check, run: RunContext): Promise<CheckResult> {
  const { options, target, timeouts } = run;
  const started = performance.now();
  const premise = missingPremise(check, run);
  if (premise) return target.redactor.value(resultOf(check, premise, 0));
  const transcript = new Transcript(target.redactor);
  const ctx = new CheckContext({
    checkId: check.id,
    target,
    expect: options.expect,
    seed: options.seed,
    runs: options.runs,
    path: options.path,
    timeouts,
    maxFrameBytes: options.maxFrameBytes,
    transcript,
    replayCommand: (path) => replayCommand(check.id, options, target, path),
    probe: run.probe,
    health: run.health,
  });
  const budgetMs = budgetMsOf(check, options.expect.urlTtlSec);
  let timer: NodeJS.Timeout | undefined;
  let outcome: Outcome;
  try {
    const overrun = new Promise<Outcome>((resolve) => {
      timer = setTimeout(() => resolve({ kind: 'error', message: `the check did not finish within ${budgetMs / 1000} s` }), budgetMs);
    });
    outcome = judgeEvidence(check, await Promise.race([check.run(ctx), overrun]), ctx.evidence);
  } catch (err) {
    // A violation outside a property (a fixed scenario) replays as the whole check.
    if (err instanceof ClauseViolation) outcome = { kind: 'broken', message: err.message, expected: err.expected, actual: err.actual, replay: ctx.replayCommand('') };
    else if (err instanceof TargetGone) outcome = { kind: 'error', message: `${err.message} (saw ${ctx.evidence.summary()})` };
    else outcome = { kind: 'error', message: err instanceof Error ? err.message : String(err) };
  } finally {
    clearTimeout(timer);
    ctx.dispose();
  }
  const result = resultOf(check, outcome, performance.now() - started);
  if ((outcome.kind === 'broken' && !outcome.transcript) || outcome.kind === 'error') result.transcript = transcript.snapshot();
  // The one place a check's result is redacted: messages, evidence and transcripts alike.
  return target.redactor.value(result);
}

/** An outcome known before the check runs: what the target lacks, or what the probe already found. */
function missingPremise(check: Check, { target, probe, health }: RunContext): Outcome | undefined {
  if (target.tokens.length < check.needs.tokens) return { kind: 'skipped', reason: `needs ${check.needs.tokens} tokens, the target has ${target.tokens.length}` };
  if (target.channel === undefined) return { kind: 'skipped', reason: 'needs a channel (--channel)' };
  if (probe.kind === 'no-web-api') return { kind: 'error', message: `no socket URL from the target's Web API: ${probe.finding}` };
  if (probe.kind === 'no-hello' && !probe.answers && check.premises.includes('hello') && !check.judgesProbe) return premiseOutcome(check, 'hello', probe.finding);
  if (health.dead && check.premises.includes('hello')) return { kind: 'error', message: health.dead };
  return undefined;
}

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
      return { ...base, status: 'error', message: outcome.message, expected: [], actual: '' };
    case 'skipped':
      return { ...base, status: 'skip', message: outcome.reason, expected: [], actual: '' };
    case 'held':
    case 'observed':
      return { ...base, status: statusOf(check.level, outcome), message: outcome.message ?? 'held', expected: [], actual: outcome.kind === 'held' ? (outcome.observed ?? '') : '' };
    case 'broken': {
      const { message, expected, actual, counterexample, replay, transcript } = outcome;
      return { ...base, status: statusOf(check.level, outcome), message, expected, actual, counterexample, replay, transcript };
    }
  }
}
