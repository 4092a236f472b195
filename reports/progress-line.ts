/**
 * One live line at the bottom of a terminal: what is still running and, for clock-bound checks, the seconds
 * left. It is erased before every ordinary line and drawn again after, and gone when the run ends. Only on a
 * TTY outside CI: logs and pipes get the plain lines alone.
 */
export class ProgressLine {
  private readonly running = new Map<string, { started: number; waitsMs?: number }>();
  private timer: NodeJS.Timeout | undefined;
  private shown = false;

  constructor(
    private readonly stream: NodeJS.WritableStream,
    private readonly now: () => number = () => performance.now(),
    private readonly columns: () => number = () => (stream as { columns?: number }).columns ?? 100,
  ) {}

  start(id: string, waitsMs?: number): void {
    this.running.set(id, { started: this.now(), waitsMs });
    this.timer ??= setInterval(() => this.draw(), 500);
    this.timer.unref?.();
    this.draw();
  }

  end(id: string): void {
    this.running.delete(id);
  }

  /** Writes an ordinary line above the live one. */
  print(line: string): void {
    this.erase();
    this.stream.write(`${line}\n`);
    this.draw();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.running.clear();
    this.erase();
  }

  /** The live line's text, e.g. "… 2 running: url.expiry (27 s left), reply.correlates". */
  text(): string {
    const parts = [...this.running].map(([id, r]) =>
      r.waitsMs === undefined
        ? id
        : `${id} (${Math.max(0, Math.ceil((r.waitsMs - (this.now() - r.started)) / 1000))} s left)`,
    );
    const line = `… ${this.running.size} running: ${parts.join(', ')}`;
    const width = Math.max(20, this.columns() - 1);
    return line.length > width ? `${line.slice(0, width - 1)}…` : line;
  }

  private draw(): void {
    if (this.running.size === 0) return this.erase();
    this.stream.write(`\r\x1b[2K${this.text()}`);
    this.shown = true;
  }

  private erase(): void {
    if (!this.shown) return;
    this.stream.write('\r\x1b[2K');
    this.shown = false;
  }
}
