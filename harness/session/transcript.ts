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

/** A line as kept: its place among every line added, for the gaps. */
interface Kept extends TranscriptEntry {
  i: number;
}

/** Longest frame text kept in a transcript line; the rest is elided with its length. */
const MAX_LINE = 2048;

/**
 * A bounded, redacted record of a check's wire traffic, for reports. It keeps the first lines (the connection,
 * hello, what came first), then the latest lines the harness wrote (what it sent, what happened to the
 * connection) and, apart from them, the latest frames received: a target that floods cannot push what the check
 * sent out of the record. Where lines were not kept, a note says how many.
 */
export class Transcript {
  /** Kept as received: redaction happens when lines are read out, so only kept lines pay for it. */
  private readonly head: Kept[] = [];
  private readonly written: Kept[] = [];
  private readonly received: Kept[] = [];
  private readonly start = process.hrtime.bigint();
  private added = 0;
  private readonly headMax: number;
  private readonly writtenMax: number;
  private readonly receivedMax: number;

  /** `maxEntries` lines in all: an eighth the first ones, a quarter the latest written, the rest the latest read. */
  constructor(
    private readonly redactor: Redactor,
    maxEntries = 400,
  ) {
    this.headMax = Math.floor(maxEntries / 8);
    this.writtenMax = Math.max(1, Math.floor(maxEntries / 4));
    this.receivedMax = Math.max(1, maxEntries - this.headMax - this.writtenMax);
  }

  /** A position to read from later with `since`. */
  mark(): number {
    return this.added;
  }

  /** The lines added after `mark` that are still kept, with times relative to the first of them. */
  since(mark: number): TranscriptEntry[] {
    const lines = this.read(mark);
    const t0 = lines[0]?.t ?? 0;
    return lines.map((l) => ({ ...l, t: Math.round((l.t - t0) * 1000) / 1000 }));
  }

  add(dir: TranscriptEntry['dir'], conn: string, text: string): void {
    const clipped = text.length > MAX_LINE ? `${text.slice(0, MAX_LINE)}… (${text.length} chars)` : text;
    const t = Number(process.hrtime.bigint() - this.start) / 1e6;
    const line = { i: this.added++, t: Math.round(t * 1000) / 1000, dir, conn, text: clipped };
    if (this.head.length < this.headMax) this.head.push(line);
    else if (dir === 'in') push(this.received, line, this.receivedMax);
    else push(this.written, line, this.writtenMax);
  }

  /** The lines kept, redacted, in the order they were added, with a note wherever lines were not kept. */
  snapshot(): TranscriptEntry[] {
    return this.read(0);
  }

  private read(from: number): TranscriptEntry[] {
    const kept = [...this.head, ...this.written, ...this.received].filter((l) => l.i >= from).sort((a, b) => a.i - b.i);
    const out: TranscriptEntry[] = [];
    let next = from;
    for (const { i, ...line } of kept) {
      if (i > next) out.push(gap(i - next, line.t, out.length === 0));
      out.push({ ...line, text: this.redactor.text(line.text) });
      next = i + 1;
    }
    if (this.added > next) out.push(gap(this.added - next, kept.at(-1)?.t ?? 0, out.length === 0));
    return out;
  }
}

function push(lines: Kept[], line: Kept, max: number): void {
  if (lines.length >= max) lines.shift();
  lines.push(line);
}

function gap(n: number, t: number, first: boolean): TranscriptEntry {
  return { t, dir: 'note', conn: '', text: `${n} ${first ? 'earlier ' : ''}line${n === 1 ? '' : 's'} not kept` };
}
