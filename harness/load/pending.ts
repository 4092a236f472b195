/**
 * One connection's messages sent and not yet answered, by id. Ids on a connection are consecutive (1, 2, 3, ...),
 * so a ring of typed arrays indexed by id holds them: no object and no Map entry per message (a Map with a
 * { dueMs, sentMs } object cost ~0.4 µs a message and garbage to collect). The ring spans the oldest unanswered
 * id to the newest and doubles when that span fills it, so it holds whatever the reply timeout lets pile up.
 */
const INITIAL_CAPACITY = 1024;

export class PendingMessages {
  private due = new Float64Array(INITIAL_CAPACITY);
  private sent = new Float64Array(INITIAL_CAPACITY);
  private live = new Uint8Array(INITIAL_CAPACITY);
  private mask = INITIAL_CAPACITY - 1;
  /** No id below this is pending. */
  private oldest = 1;
  /** The next id add() takes. */
  private next = 1;
  /** How many are pending. */
  size = 0;
  /** Due and send time (ms) of the message the last successful take() removed. */
  dueMs = 0;
  sentMs = 0;

  /** Message `id`, due at `dueMs` and sent at `sentMs`; ids come in order, one after the other. */
  add(id: number, dueMs: number, sentMs: number): void {
    if (id !== this.next) throw new Error(`pending: id ${id} added after ${this.next - 1}`);
    if (this.next - this.oldest > this.mask) this.grow();
    const k = id & this.mask;
    this.due[k] = dueMs;
    this.sent[k] = sentMs;
    this.live[k] = 1;
    this.next += 1;
    this.size += 1;
  }

  /** Removes message `id` if it is pending (its times then in dueMs and sentMs); false if it is not. */
  take(id: number): boolean {
    if (id < this.oldest || id >= this.next || !Number.isInteger(id)) return false;
    const k = id & this.mask;
    if (!this.live[k]) return false;
    this.live[k] = 0;
    this.size -= 1;
    this.dueMs = this.due[k];
    this.sentMs = this.sent[k];
    if (id === this.oldest) this.advance();
    return true;
  }

  /** Removes, oldest first, every message sent at or before `sentBy` (ms), telling `gone` each id. */
  expire(sentBy: number, gone: (id: number) => void): void {
    for (let id = this.oldest; id < this.next; id++) {
      const k = id & this.mask;
      if (!this.live[k]) continue;
      // Sent in id order: the first one too recent ends the sweep.
      if (this.sent[k] > sentBy) break;
      this.live[k] = 0;
      this.size -= 1;
      gone(id);
    }
    this.advance();
  }

  private advance(): void {
    while (this.oldest < this.next && !this.live[this.oldest & this.mask]) this.oldest += 1;
  }

  private grow(): void {
    const capacity = (this.mask + 1) * 2;
    const [due, sent, live] = [new Float64Array(capacity), new Float64Array(capacity), new Uint8Array(capacity)];
    for (let id = this.oldest; id < this.next; id++) {
      const [from, to] = [id & this.mask, id & (capacity - 1)];
      due[to] = this.due[from];
      sent[to] = this.sent[from];
      live[to] = this.live[from];
    }
    [this.due, this.sent, this.live, this.mask] = [due, sent, live, capacity - 1];
  }
}
