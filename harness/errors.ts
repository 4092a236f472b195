/**
 * The one error type of the harness, with stable codes (listed in the README). Only the CLI maps
 * codes to exit statuses; nothing under harness/ exits the process.
 */
export type HarnessErrorCode =
  /** A flag or argument is wrong (exit 2). */
  | 'E_USAGE'
  /** conformance.yaml (or a fixture) is unreadable or invalid (exit 2). */
  | 'E_CONFIG'
  /** The target's Web API could not be reached, or answered something that is not the Web API (exit 3). */
  | 'E_TARGET_UNREACHABLE'
  /** rtm.connect answered ok:false (the code is in `detail`). */
  | 'E_RTM_CONNECT'
  /** rtm.connect kept answering 429 past the bound the harness waits. */
  | 'E_RATE_LIMITED'
  /** The WebSocket upgrade was refused or failed. */
  | 'E_HANDSHAKE'
  /** A bug or resource failure in the harness itself (exit 3). */
  | 'E_INTERNAL';

export class HarnessError extends Error {
  constructor(
    readonly code: HarnessErrorCode,
    message: string,
    readonly detail?: string,
  ) {
    super(message);
    this.name = 'HarnessError';
  }
}
