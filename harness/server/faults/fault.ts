import type { Behaviour } from '../behaviour.js';

/**
 * One named deviation from the protocol (`fault`: the suites must catch it) or one legal way of
 * behaving the suites did not assume (`variation`: every check must still pass).
 */
export interface Fault {
  name: string;
  kind: 'fault' | 'variation';
  /** One line for `serve --list-faults` and the README. */
  description: string;
  /**
   * The proof of the suites (faults only): each check that must fail against this fault, with a phrase its
   * `expected` line must hold, so a fault caught for another reason (a timeout on a slow machine) shows up.
   * More checks may fail as a consequence.
   */
  caughtBy?: Record<string, string>;
  apply(behaviour: Behaviour): void;
}

export function defineFault(fault: Fault): Fault {
  return fault;
}
