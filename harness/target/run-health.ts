import { TargetGone } from '../check/gone.js';
import type { SocketHealth } from '../session/rtm-socket.js';

/**
 * Whether the target still answers, across every check of a run. A target that stops answering midway
 * would otherwise be waited on by every later case of every property, one reply timeout at a time: after
 * `limit` pings in a row that heard nothing at all (no frame, no garbage, no close), the run declares it
 * gone and every later connection attempt ends at once.
 */
export class RunHealth implements SocketHealth {
  private strikes = 0;
  private deadReason: string | undefined;

  constructor(private readonly limit = 3) {}

  heard(): void {
    if (!this.deadReason) this.strikes = 0;
  }

  silent(detail: string): void {
    this.strikes += 1;
    if (this.strikes >= this.limit)
      this.declareDead(`the target stopped answering (${detail}, ${this.strikes} waits in a row)`);
  }

  declareDead(reason: string): void {
    this.deadReason ??= reason;
  }

  get dead(): string | undefined {
    return this.deadReason;
  }

  /** Throws TargetGone once the target is dead. */
  assertAlive(): void {
    if (this.deadReason) throw new TargetGone(this.deadReason);
  }
}
