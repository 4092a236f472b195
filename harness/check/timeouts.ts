/** Every wait a check makes, in ms (README, "Bounds"). */
export interface Timeouts {
  /** For a reply to arrive. */
  replyMs: number;
  /** For hello after the upgrade. */
  helloMs: number;
  /** For the target to close a connection it should close. */
  closeMs: number;
  /** For a frame that must NOT come (no reply to typing): how long silence counts as none. */
  quietMs: number;
  /** For a whole Web API exchange (rtm.connect). */
  httpMs: number;
}

/** Against the embedded server (in process: fast and quiet). */
export const EMBEDDED_TIMEOUTS: Timeouts = { replyMs: 1000, helloMs: 1500, closeMs: 2000, quietMs: 300, httpMs: 5000 };
/** Against a remote target. */
export const REMOTE_TIMEOUTS: Timeouts = {
  replyMs: 5000,
  helloMs: 10_000,
  closeMs: 10_000,
  quietMs: 1500,
  httpMs: 10_000,
};

export function timeoutsFor(embedded: boolean, overrides: Partial<Timeouts>): Timeouts {
  return { ...(embedded ? EMBEDDED_TIMEOUTS : REMOTE_TIMEOUTS), ...overrides };
}
