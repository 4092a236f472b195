import fc from 'fast-check';
import type { Finding, TranscriptLine } from './check.js';
import type { CheckContext } from './server-context.js';
import { ClauseViolation } from './violation.js';

export interface PropertyOptions {
  /** Runs, at most: checks that cost a connection per run cap this (default: the run's --runs). */
  maxRuns?: number;
  /** A message for the pass. */
  held?: string;
  /**
   * False for properties whose every case costs wall time (URL expiry): report the first failure as found, with
   * the transcript of that case, instead of running it again.
   */
  shrink?: boolean;
  /** Wall-time bound of the whole property, shrinking included (default 15 s embedded, 60 s remote). */
  timeLimitMs?: number;
}

/**
 * Runs a fast-check property against the target. On failure the shrunk counterexample is run once more
 * on its own, and its transcript, the counterexample and the replay command become the evidence (without
 * shrinking, the failing case is not run again: its own transcript is the evidence).
 * A ClauseViolation is the target's fault (`broken`); any other error is the harness's or the network's.
 */
export async function checkProperty<T>(
  ctx: CheckContext,
  arbitrary: fc.Arbitrary<T>,
  predicate: (value: T) => Promise<void>,
  options: PropertyOptions = {},
): Promise<Finding> {
  const numRuns = Math.max(1, Math.min(ctx.runs, options.maxRuns ?? ctx.runs));
  const shrink = options.shrink !== false;
  // Where the latest case began in the transcript: without shrinking, the failing case is the latest one.
  let caseMark = ctx.transcript.mark();
  const run = (value: T) => {
    caseMark = ctx.transcript.mark();
    return predicate(value);
  };
  const details = await fc.check(fc.asyncProperty(arbitrary, run), {
    seed: ctx.seed,
    numRuns,
    path: ctx.path,
    // Shrinking replays against a live server: bound it so a slow failure cannot take minutes.
    interruptAfterTimeLimit: options.timeLimitMs ?? (ctx.embedded ? 15_000 : 60_000),
    markInterruptAsFailure: false,
    endOnFailure: !shrink,
  });
  if (!details.failed || details.counterexample === null) {
    // An interrupted property proved only what it ran; with no run at all it proved nothing.
    if (details.numRuns === 0)
      throw new Error(`the property was interrupted by its time limit before one case completed`);
    const cut = details.interrupted ? ` (time limit reached after ${details.numRuns} of ${numRuns} cases)` : '';
    return { kind: 'held', message: `${options.held ?? `held for ${details.numRuns} generated cases`}${cut}` };
  }
  const value = details.counterexample[0];
  const path = details.counterexamplePath ?? '';
  const original = details.errorInstance;
  let transcript: TranscriptLine[];
  let recheck: unknown;
  if (shrink) {
    const mark = ctx.transcript.mark();
    try {
      await predicate(value);
    } catch (err) {
      recheck = err;
    }
    transcript = ctx.transcript.since(mark);
  } else transcript = ctx.transcript.since(caseMark);
  const failure = recheck ?? original;
  if (!(failure instanceof ClauseViolation)) throw failure instanceof Error ? failure : new Error(String(failure));
  return {
    kind: 'broken',
    message:
      recheck || !shrink ? failure.message : `${failure.message} (intermittent: the shrunk case passed when run again)`,
    expected: failure.expected,
    actual: failure.actual,
    counterexample: ctx.redact(fc.stringify(value)),
    replay: ctx.replayCommand(path),
    transcript,
  };
}
