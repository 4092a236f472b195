/**
 * Message timestamps as Slack makes them: "%d.%06d", seconds then a per-channel sequence
 * (rtm-protocol.md §7). Strictly increasing and ASCII-sortable within a channel while the
 * seconds keep their width; two channels may share a value.
 */
export class TsClock {
  private lastSec = 0;
  private seq = 0;

  constructor(
    private readonly nowSec: () => number = () => Math.floor(performance.timeOrigin / 1000 + performance.now() / 1000),
  ) {}

  next(): { sec: number; seq: number } {
    let sec = Math.max(this.nowSec(), this.lastSec);
    if (sec === this.lastSec) {
      this.seq += 1;
      if (this.seq > 999_999) {
        sec += 1;
        this.seq = 1;
      }
    } else {
      this.seq = 1;
    }
    this.lastSec = sec;
    return { sec, seq: this.seq };
  }
}
