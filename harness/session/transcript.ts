import type { Redactor } from '../redact.js';

/** One line of evidence: a frame in or out, or what happened to the connection, with its time. */
export interface TranscriptEntry {
  /** ms since the transcript began (hrtime). */
  t: number;
  dir: 'in' | 'out' | 'note';
  /** Which connection of the check, when it used several. */
  conn: string;
  text: string;
}

/** Longest frame text kept in a transcript line; the rest is elided with its length. */
const MAX_LINE = 2048;

/** A bounded, redacted record of a check's wire traffic, for reports: the last `maxEntries` lines. */
export class Transcript {
  /** Kept as received: redaction happens when lines are read out, so only kept lines pay for it. */
  private readonly entries: TranscriptEntry[] = [];
  private readonly start = process.hrtime.bigint();
  private dropped = 0;

  constructor(
    private readonly redactor: Redactor,
    private readonly maxEntries = 400,
  ) {}

  /** A position to read from later with `since`. */
  mark(): number {
    return this.dropped + this.entries.length;
  }

  /** The lines added after `mark` that are still kept, with times relative to the first of them. */
  since(mark: number): TranscriptEntry[] {
    const lines = this.entries.slice(Math.max(0, mark - this.dropped));
    const t0 = lines[0]?.t ?? 0;
    return lines.map((l) => ({ ...l, t: Math.round((l.t - t0) * 1000) / 1000, text: this.redactor.text(l.text) }));
  }

  add(dir: TranscriptEntry['dir'], conn: string, text: string): void {
    if (this.entries.length >= this.maxEntries) {
      this.entries.shift();
      this.dropped += 1;
    }
    const clipped = text.length > MAX_LINE ? `${text.slice(0, MAX_LINE)}… (${text.length} chars)` : text;
    const t = Number(process.hrtime.bigint() - this.start) / 1e6;
    this.entries.push({ t: Math.round(t * 1000) / 1000, dir, conn, text: clipped });
  }

  /** The entries kept, redacted, after a note when older ones were dropped to stay within the bound. */
  snapshot(): TranscriptEntry[] {
    const lines = this.entries.map((l) => ({ ...l, text: this.redactor.text(l.text) }));
    if (this.dropped === 0) return lines;
    return [
      { t: this.entries[0]?.t ?? 0, dir: 'note', conn: '', text: `${this.dropped} earlier lines not kept` },
      ...lines,
    ];
  }
}
