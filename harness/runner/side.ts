import type { Check, Outcome, TranscriptLine } from '../check/check.js';
import type { Evidence, Premise } from '../check/premise.js';
import type { RunEvent } from './events.js';

/** A check under way: its context, what it saw, and what the report shows when it did not pass. */
export interface CheckRun<Ctx> {
  ctx: Ctx;
  evidence: Evidence;
  /** The command that replays a counterexample at `path` ('' for the whole check), where a side can replay. */
  replay?(path: string): string;
  /** What was said on the wire while the check ran, for a result that needs explaining. */
  transcript(): TranscriptLine[];
  /** Lines that ride with the result whatever its status (a client's output tail). */
  notes?(): TranscriptLine[];
  /** Ends whatever the check left open. */
  dispose(): void;
}

/**
 * A check that could not start: what is already known. Either an outcome (a skip for lack of tokens, an error
 * for a gone target) or a premise the side knows is missing, which the engine judges as the evidence rule does.
 */
export type Known = { outcome: Outcome } | { missing: Premise; detail: string };

/**
 * What the engine runs checks against: a server target (its probe decides whether it speaks RTM at all) or a
 * client under test (its first connection). The engine owns scheduling, the budget, the evidence rule and the
 * event stream; a side owns contexts, premises it can judge before a check runs, and gone-detection.
 */
export interface Side<Ctx> {
  /** The target as the report names it (already redacted). */
  readonly label: { api: string; embedded: boolean; faults: string[] };
  /** Checks that run at once (a client's checks share the one client, so 1). */
  readonly concurrency: number;
  /** Whether checks that wait on the clock start first and run beside the others (else they keep their turn). */
  readonly clockBeside: boolean;
  /** First contact before any check: one line on what was found (the probe, the client's first connection). */
  open(): Promise<string>;
  /** Starts one check, or says why it cannot run (what the side knows already: premises, a gone target). */
  begin(check: Check<Ctx>): Promise<CheckRun<Ctx> | Known>;
  /** The budget a check gets beyond the engine's own (the URL lifetime of a clock-bound check). */
  extraBudgetMs(check: Check<Ctx>): number;
  /** About how long a check that waits on the clock takes, for the progress line. */
  waitsMs(check: Check<Ctx>): number | undefined;
  /** Users a check needs, shared with other checks or owned alone while it runs. */
  claims(check: Check<Ctx>): Claim[];
  /** Hides tokens and socket tickets in anything that leaves the run. */
  redact<T>(value: T): T;
  /** Handed the run's event stream before `open`, for what happens between checks (a client restarted). */
  listen?(emit: (event: Extract<RunEvent, { type: 'client-restart' }>) => Promise<void>): void;
}

/** A resource a check holds while it runs (a user's token): shared, or owned alone. */
export interface Claim {
  resource: string;
  exclusive: boolean;
}
