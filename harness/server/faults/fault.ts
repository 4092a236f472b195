import type { Requirement } from '../../protocol/requirements.js';
import type { Behaviour } from '../behaviour.js';

/** One named deviation from the protocol, one legal way of behaving the suites did not assume, or a degenerate target. */
export interface Fault {
  name: string;
  /**
   * `fault`: the suites must catch it; `variation`: every check must still pass; `degenerate`: a target that
   * never does something (the vacuity matrix): no check whose premise it lacks may pass; `load`: stresses the
   * load module's counters (late acks, dropped connections), outside the conformance matrices.
   */
  kind: 'fault' | 'variation' | 'degenerate' | 'load';
  /** Degenerate targets only: the premises (harness/runner/premise.ts) it never provides. */
  lacks?: string[];
  /** One line for `serve --list-faults` and the README. */
  description: string;
  /**
   * The proof of the suites (faults only): each check that must fail against this fault, with the requirement
   * (harness/protocol/requirements.ts) its `expected` must hold, so a fault caught for another reason (a timeout
   * on a slow machine) shows up.
   * More checks may fail as a consequence.
   */
  caughtBy?: Record<string, Requirement>;
  apply(behaviour: Behaviour): void;
}

export function defineFault(fault: Fault): Fault {
  return fault;
}

/** What a target whose socket never says hello provides: nothing a live connection would. */
export const LACKS_EVERYTHING_LIVE = [
  'hello',
  'reply',
  'ok-reply',
  'ts',
  'error-reply',
  'pong',
  'broadcast',
  'presence',
  'rate-limit',
];
