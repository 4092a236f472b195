/**
 * Raised by a check's context once the side under test is known gone (a server that stopped answering, a client
 * process that exited): the check ends at once with an error that says what it saw before.
 */
export class TargetGone extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TargetGone';
  }
}
