import { type ChildProcess, spawn } from 'node:child_process';
import type { ClientExit } from '../check/client-context.js';
import { HarnessError } from '../errors.js';
import type { Redactor } from '../redact.js';

/** Bytes of the client's stdout and stderr kept for the report (the tail: the end is what explains an exit). */
const TAIL_BYTES = 8 * 1024;

export type { ClientExit };

/** The client under test as a child process: its environment, a bounded tail of its output, its exit. */
export class ClientProcess {
  private child: ChildProcess | undefined;
  private tail = '';
  private stopping = false;
  private exitInfo: ClientExit | undefined;
  private readonly exited: Promise<ClientExit>;
  private markExited!: (e: ClientExit) => void;

  constructor(
    private readonly command: string[],
    private readonly env: Record<string, string>,
    private readonly redactor: Redactor,
    /** Told at once when the process has ended, before anything awaiting its end hears of it. */
    private readonly onExit?: (exit: ClientExit) => void,
  ) {
    this.exited = new Promise((resolve) => (this.markExited = resolve));
  }

  start(): void {
    const [cmd, ...args] = this.command;
    let child: ChildProcess;
    try {
      child = spawn(cmd, args, { env: { ...process.env, ...this.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (err) {
      throw new HarnessError('E_USAGE', `client: cannot start ${cmd}: ${(err as Error).message}`);
    }
    this.child = child;
    const keep = (chunk: Buffer) => {
      this.tail = (this.tail + chunk.toString('utf8')).slice(-TAIL_BYTES);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    child.on('error', (err) => {
      keep(Buffer.from(`[rtm-conformance] could not run ${cmd}: ${err.message}\n`));
      this.finish({ code: null, signal: null, byHarness: false });
    });
    child.on('exit', (code, signal) => this.finish({ code, signal, byHarness: this.stopping }));
  }

  /** Undefined while it runs. */
  get exit(): ClientExit | undefined {
    return this.exitInfo;
  }

  /** Resolves when the process has ended. */
  whenExited(): Promise<ClientExit> {
    return this.exited;
  }

  /** The redacted tail of stdout and stderr. */
  output(): string {
    return this.redactor.text(this.tail);
  }

  /** SIGTERM, then SIGKILL after `graceMs`. */
  async stop(graceMs = 5000): Promise<ClientExit> {
    if (this.exitInfo || !this.child) return this.exitInfo ?? { code: null, signal: null, byHarness: true };
    this.stopping = true;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child?.kill('SIGKILL'), graceMs);
    const exit = await this.exited;
    clearTimeout(timer);
    return exit;
  }

  private finish(exit: ClientExit): void {
    if (this.exitInfo) return;
    this.exitInfo = exit;
    this.onExit?.(exit);
    this.markExited(exit);
  }
}
