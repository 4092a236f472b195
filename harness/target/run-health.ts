import { TargetGone } from '../check/gone.js';
import type { SocketHealth } from '../session/rtm-socket.js';

/**
 * Whether the target can still be judged, across every check of a run: a target that stops answering midway,
 * drowns every question in a flood, or ends every connection with a frame over the cap would otherwise be
 * waited on by every later case of every property, one timeout at a time. After `limit` of the same sign in a
 * row, the run says so once and later checks end at once with the reason:
 * - **gone**: pings that heard nothing at all (no frame, no garbage, no close). Every later connection attempt
 *   ends at once.
 * - **answers nothing**: reply waits that got no reply while the target sent FLOOD_FRAMES other frames or more,
 *   or connections the harness ended because the target sent a frame over --max-frame-bytes. A reply to anything
 *   in between breaks the row: a chatty target that answers is judged by the checks. Connections still open and
 *   say hello, so what needs no more than hello (the hello checks, a URL's single use and lifetime) is still
 *   judged; a check that sends a frame on any connection ends at once.
 */
export class RunHealth implements SocketHealth {
  private strikes = 0;
  private floods = 0;
  private oversizes = 0;
  private deadReason: string | undefined;
  private muteReason: string | undefined;

  constructor(private readonly limit = 3) {}

  heard(): void {
    if (!this.deadReason) this.strikes = 0;
  }

  silent(detail: string): void {
    this.strikes += 1;
    if (this.strikes >= this.limit)
      this.declareDead(`the target stopped answering (${detail}, ${this.strikes} waits in a row)`);
  }

  answered(): void {
    if (this.muteReason) return;
    this.floods = 0;
    this.oversizes = 0;
  }

  flooded(detail: string): void {
    this.floods += 1;
    if (this.floods >= this.limit)
      this.declareMute(`the target floods without answering (${detail}; ${this.floods} waits in a row)`);
  }

  oversized(detail: string): void {
    this.oversizes += 1;
    if (this.oversizes >= this.limit)
      this.declareMute(
        `every connection is ended by a frame over the cap (${detail}; ${this.oversizes} connections in a row)`,
      );
  }

  declareDead(reason: string): void {
    this.deadReason ??= reason;
  }

  /** Connections still say hello, but nothing sent on them gets an answer the harness can read. */
  declareMute(reason: string): void {
    this.muteReason ??= `${reason}: only what needs no more than hello is judged`;
  }

  get dead(): string | undefined {
    return this.deadReason;
  }

  /** Why nothing sent to the target can be judged any more (gone, or answering nothing), if so. */
  get mute(): string | undefined {
    return this.deadReason ?? this.muteReason;
  }

  /** Throws TargetGone once the target is dead. */
  assertAlive(): void {
    if (this.deadReason) throw new TargetGone(this.deadReason);
  }

  /** Throws TargetGone once nothing sent to the target can be judged: before a frame is sent. */
  assertAnswers(): void {
    const reason = this.mute;
    if (reason) throw new TargetGone(reason);
  }
}
