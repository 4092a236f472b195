import type { Finding } from '../../check/check.js';
import type { Premise, PremiseOutcome } from '../../check/premise.js';
import type { RecordedTraffic } from '../recorded-traffic.js';

/** What a passive judge reads: the recorded traffic, and where it counts what it judged. */
export interface JudgeContext {
  traffic: RecordedTraffic;
  saw(what: Premise | string, n?: number): void;
}

/**
 * A passive judge: the clause of an active check (`sameAs`: its id, and with it its suite, level, title, clause and
 * source), judged from recorded traffic alone. Its `requires` says what the traffic must show; a clause the traffic
 * never exercised is a skip that says so.
 */
export interface JudgeSpec {
  sameAs: string;
  /** Whose behaviour it judges: the upstream server's or the client's. */
  side: 'server' | 'client';
  requires: string;
  premises: Premise[];
  otherwise?: Partial<Record<Premise, PremiseOutcome>>;
  run(ctx: JudgeContext): Finding;
}

/** The skip of a clause the traffic never exercised. */
export function unexercised(what: string): Finding {
  return { kind: 'skipped', reason: `the relayed traffic never exercised this clause: ${what}` };
}
