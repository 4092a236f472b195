import type { ClientSuiteName, SuiteName } from '../config/schema.js';
import type { ClientContext } from './client-context.js';
import type { CheckContext } from './server-context.js';
import type { Premise, PremiseOutcome } from './premise.js';
import type { Requirement } from '../protocol/requirements.js';
import type { TranscriptLine } from './transcript-line.js';

export type { TranscriptLine };

/** How much a clause binds. The RTM page is informal: the level is our editorial call, recorded with the quote. */
export type Level = 'MUST' | 'SHOULD' | 'MAY' | 'INFO';

export type Status = 'pass' | 'fail' | 'warn' | 'info' | 'skip' | 'error';

/** What a check found. The runner turns it into a status using the check's level. */
export type Finding =
  | { kind: 'held'; message?: string; observed?: string }
  | {
      kind: 'broken';
      message: string;
      expected: string[];
      actual: string;
      counterexample?: string;
      replay?: string;
      transcript?: TranscriptLine[];
    }
  /** Behaviour the spec leaves open, recorded (INFO checks, or an observation a MUST check adds). */
  | { kind: 'observed'; message: string }
  | { kind: 'skipped'; reason: string };

/**
 * One behaviour a check's clause states (the clause audit): checked, with the requirement a fault of the matrix
 * breaks; allowed, with the legal variation every check must pass; or not checked by this check, with the reason.
 * `says` is the part of the clause, verbatim.
 */
export type ClauseBehaviour =
  | { says: string; requirement: Requirement }
  | { says: string; allows: string }
  | { says: string; notChecked: string };

/** What running a check came to: its finding, or an error of the harness, the network or a gone target. */
export type Outcome = Finding | { kind: 'error'; message: string; see?: string };

/** One check: a clause of the protocol as data, plus one `run` (against a server, or, in client mode, a client). */
export interface Check<Ctx = CheckContext> {
  /** Stable, dotted, never positional: `reply.correlates-out-of-order`. */
  id: string;
  suite: SuiteName | ClientSuiteName;
  level: Level;
  title: string;
  /** The clause, verbatim. */
  clause: string;
  /**
   * The clause split into the behaviours it states, each checked (and proven by a fault), allowed (and proven by a
   * legal variation) or not checked here with the reason. Every server MUST and SHOULD check has them; `--list`
   * shows what is not checked and why, and the fault matrix's coverage test holds them to the catalogue.
   */
  behaviours?: ClauseBehaviour[];
  /** Where the clause comes from: Slack URLs a reader can open (`; `-separated), e.g. https://api.slack.com/legacy/rtm#basics. */
  source: string;
  /** What the check sends, one sentence. */
  sends: string;
  /** What it requires of the target, one sentence. */
  requires: string;
  /**
   * A client check under `--profile lifecycle` (a bot without the echo contract), where it sends or requires
   * something else than an echo: its own sentences (harness/plans/client-profile.ts applies them).
   */
  lifecycle?: { sends?: string; requires?: string };
  /**
   * What must have been observed before a pass means anything (premise.ts): the runner turns a `held`
   * into the premise's outcome when one of these was never seen. The vacuity matrix test reads this.
   */
  premises: Premise[];
  /**
   * The count (a `ctx.saw` label) of the very thing the clause is about, when the check's own generated cases
   * are what produce it (arguments compared, unknown frames sent): a pass where it stayed 0 judged nothing,
   * and the runner turns it into an error (a harness bug) instead.
   */
  exercises?: string;
  /** A premise whose absence this check judges differently from its default (e.g. `{ 'ok-reply': 'fail' }`). */
  otherwise?: Partial<Record<Premise, PremiseOutcome>>;
  /** The check judges the run's probe connection itself when it found no hello (the hello checks). */
  judgesProbe?: boolean;
  /** What the check needs of the target and costs it (for --list and for skips). */
  needs: {
    tokens: number;
    /** Upper bound of WebSocket connections the check opens (runs × per run, stated in --list). */
    connections: number | 'per-run';
    /** Upper bound of rtm.connect calls. */
    rtmConnects: number | 'per-run';
    /**
     * Users (token indexes) the check owns while it runs: no other check holds a connection of theirs meanwhile
     * (a check that judges a user's presence); -1 is the target's last user. Every other user it uses is shared.
     */
    owns?: number[];
    /**
     * The channel: shared with other checks (default), owned alone while the check runs (no other check posts to it
     * meanwhile: a check that judges the channel's own sequence of timestamps), or not used at all.
     */
    channel?: 'shared' | 'owns' | 'none';
    /** A check that mostly waits on the clock (URL expiry): started first and run beside the others. */
    waitsOnClock?: boolean;
    /**
     * Client mode: the clause can only be judged through echoes (the echo contract); `--profile lifecycle`, which
     * grades any bot as it is, skips the check saying so. Checks that use an echo only to see the client still
     * working take a trigger or a watched window instead there (keeps-serving.ts).
     */
    echoContract?: boolean;
  };
  /** Client mode: where the check runs in the fixed sequence of scenarios (they share one client process). */
  order?: number;
  /** Client mode: judges what the client did over the whole run, so it needs no live connection now. */
  judgesWholeRun?: boolean;
  run(ctx: Ctx): Promise<Finding>;
}

export function defineCheck(check: Check): Check {
  return check;
}

export function defineClientCheck(check: Check<ClientContext> & { order: number }): Check<ClientContext> {
  return check;
}
