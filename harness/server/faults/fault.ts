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
  apply(behaviour: Behaviour): void;
}

export function defineFault(fault: Fault): Fault {
  return fault;
}
