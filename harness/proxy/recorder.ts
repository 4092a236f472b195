import { type WriteStream, createWriteStream } from 'node:fs';
import type { Redactor } from '../redact.js';
import { type Direction, RECORDING_VERSION, type RecordLine, type RecordingSettings } from './recording.js';

/** Bounds of a recording: the file, each frame kept, and what may wait for the disk. */
export interface RecorderBounds {
  /** The whole file; past it, lines are dropped and counted (judging then refuses). */
  maxFileBytes: number;
  /** The head of a frame that is kept (its size is always kept). */
  maxFrameBytes: number;
  /** Bytes queued for the disk before lines are dropped. */
  maxPendingBytes: number;
}

export const DEFAULT_RECORDER_BOUNDS: RecorderBounds = {
  maxFileBytes: 1 << 30,
  maxFrameBytes: 64 * 1024,
  maxPendingBytes: 64 << 20,
};

/** A batch is written when this much is queued, or this long after its first line. */
const FLUSH_BYTES = 256 * 1024;
const FLUSH_EVERY_MS = 100;

type Pending =
  | { kind: 'frame'; t: number; conn: number; dir: Direction; data: Buffer; binary: boolean }
  | Exclude<RecordLine, { kind: 'frame' }>;

/**
 * Writes the recording off the relay's path: a frame is queued with its buffer as it is relayed, and turned into a
 * redacted line in a batch (every 100 ms, or each 256 KB), so the relayed frame waits for none of it. Bounded: the queue,
 * the file and each frame kept; what goes over is counted in the `end` line.
 */
export class Recorder {
  private readonly started = performance.now();
  private readonly out: WriteStream;
  private queue: Pending[] = [];
  private queuedBytes = 0;
  private timer: NodeJS.Timeout | undefined;
  private written = 0;
  private dropped = 0;
  private ended = false;

  constructor(
    file: string,
    meta: { tool: string; upstream: string; settings: RecordingSettings },
    private readonly redactor: Redactor,
    private readonly bounds: RecorderBounds = DEFAULT_RECORDER_BOUNDS,
  ) {
    this.out = createWriteStream(file, { encoding: 'utf8' });
    this.out.on('error', () => {
      // A full disk or a removed folder: stop writing and count the loss, the relay goes on.
      this.ended = true;
    });
    this.write({ kind: 'meta', version: RECORDING_VERSION, ...meta, upstream: redactor.text(meta.upstream) });
  }

  /** Milliseconds since the proxy started, to the microsecond. */
  now(): number {
    return Math.round((performance.now() - this.started) * 1000) / 1000;
  }

  frame(conn: number, dir: Direction, data: Buffer, binary: boolean): void {
    this.push({ kind: 'frame', t: this.now(), conn, dir, data, binary });
  }

  note(line: Exclude<RecordLine, { kind: 'frame' | 'meta' | 'end' }>): void {
    // A close reason is the peer's free text, like a frame.
    this.push(line.kind === 'close' ? { ...line, reason: this.redactor.text(line.reason) } : line);
  }

  /** Writes what is queued and the `end` line, and closes the file. */
  async end(): Promise<void> {
    if (this.ended) {
      this.out.destroy();
      return;
    }
    this.flush();
    this.write({ kind: 'end', t: this.now(), dropped: this.dropped });
    this.ended = true;
    await new Promise<void>((resolve) => this.out.end(resolve));
  }

  private push(item: Pending): void {
    if (this.ended) return;
    const size = item.kind === 'frame' ? item.data.length : 100;
    if (this.queuedBytes + this.out.writableLength > this.bounds.maxPendingBytes) {
      this.dropped += 1;
      return;
    }
    this.queue.push(item);
    this.queuedBytes += size;
    // Lines are built and written in batches, a few times a second: one system call for many frames.
    if (this.queuedBytes > FLUSH_BYTES) this.flush();
    else if (!this.timer) this.timer = setTimeout(() => this.flush(), FLUSH_EVERY_MS).unref();
  }

  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const items = this.queue;
    this.queue = [];
    this.queuedBytes = 0;
    let batch = '';
    for (const item of items) batch += this.lineOf(item.kind === 'frame' ? this.frameLine(item) : item);
    this.emit(batch);
  }

  private frameLine(f: Extract<Pending, { kind: 'frame' }>): RecordLine {
    const base = { kind: 'frame' as const, t: f.t, conn: f.conn, dir: f.dir, bytes: f.data.length };
    if (f.binary) return { ...base, frame: '', binary: true };
    const cut = f.data.length > this.bounds.maxFrameBytes;
    const text = (cut ? f.data.subarray(0, this.bounds.maxFrameBytes) : f.data).toString('utf8');
    return { ...base, frame: this.redactor.text(text), ...(cut ? { cut: true as const } : {}) };
  }

  private write(line: RecordLine): void {
    this.emit(this.lineOf(line));
  }

  /** The line, or '' when the file is at its bound (counted as dropped; the `end` line is always written). */
  private lineOf(line: RecordLine): string {
    const text = `${JSON.stringify(line)}\n`;
    if (this.written + text.length > this.bounds.maxFileBytes && line.kind !== 'end') {
      this.dropped += 1;
      return '';
    }
    this.written += text.length;
    return text;
  }

  private emit(text: string): void {
    if (!this.ended && text !== '') this.out.write(text);
  }
}
