import type { Check, TranscriptLine } from '../check/check.js';
import type { ClientContext, ClientSettings, ClientTimeouts } from '../check/client-context.js';
import type { Premise } from '../check/premise.js';
import type { Selection } from '../config/resolve.js';
import type { Redactor } from '../redact.js';
import { ClientCheckContext } from './client-context.js';
import { ClientProcess } from './client-process.js';
import { type ClientTarget, acquireClientTarget } from './client-target.js';
import { transcriptOf } from './client-transcript.js';

export interface ClientRunOptions {
  /** The client under test; undefined with `attach`. */
  command?: string[];
  /** Print the variables and wait for a client started by hand. */
  attach: boolean;
  seed: number;
  runs: number;
  suites: Selection;
  checks: Selection;
  strict: boolean;
  timeouts: ClientTimeouts;
  settings: ClientSettings;
  /** Told the contract's variables before the client starts (for --attach, the console prints them). */
  onEnv?: (env: Record<string, string>) => void;
}

/** How long --attach waits for a client started by hand. */
const ATTACH_WAIT_MS = 10 * 60_000;

/**
 * The client side of the engine: the reference server in process, watched by an observatory, and the client
 * under test connected to it. Its checks share the one client, so they run one at a time in their fixed order;
 * a client that has exited is gone for every later check but the one that judges its process.
 * (Shaped as the runner's Side; this room does not import the runner.)
 */
export class ClientSide {
  readonly concurrency = 1;
  readonly clockBeside = false;
  private process: ClientProcess | undefined;

  private constructor(
    private readonly acquired: ClientTarget,
    private readonly options: ClientRunOptions,
  ) {
    this.process = options.command
      ? new ClientProcess(options.command, acquired.env, acquired.target.redactor)
      : undefined;
  }

  /** Starts the reference server the client will talk to. */
  static async acquire(options: ClientRunOptions): Promise<ClientSide> {
    return new ClientSide(await acquireClientTarget(options.seed), options);
  }

  private get redactor(): Redactor {
    return this.acquired.target.redactor;
  }

  get label(): { api: string; embedded: boolean; faults: string[] } {
    return {
      api: `client under test: ${this.redactor.text(this.options.command?.join(' ') ?? 'attached by hand')}`,
      embedded: true,
      faults: [],
    };
  }

  /** Starts the client (or prints the variables for one started by hand) and waits for its first connection. */
  async open(): Promise<string> {
    const started = performance.now();
    this.options.onEnv?.(this.acquired.env);
    this.process?.start();
    const first = await this.contextFor().awaitConnection(
      0,
      this.options.attach ? ATTACH_WAIT_MS : this.options.timeouts.connectMs,
    );
    return first
      ? `client: connected ${Math.round(first.openedAt - started)} ms after it started`
      : 'client: no connection yet';
  }

  async begin(check: Check<ClientContext>) {
    const exit = this.process?.exit;
    if (exit && check.id !== 'client.survives') {
      return {
        outcome: {
          kind: 'error' as const,
          message: `the client process has exited (${exit.signal ?? `code ${exit.code}`}): see client.survives`,
        },
      };
    }
    const ctx = this.contextFor();
    const started = ctx.now();
    if (check.premises.includes('client-connect')) {
      if (check.judgesWholeRun) ctx.saw('client-connect', this.acquired.observatory.connections.length);
      else if (await ctx.waitFor(() => ctx.live(), this.options.timeouts.connectMs)) ctx.saw('client-connect');
      else return { missing: 'client-connect' as Premise, detail: `saw ${ctx.evidence.summary()}` };
    }
    return {
      ctx,
      evidence: ctx.evidence,
      transcript: () => transcriptOf(this.acquired.observatory, started),
      notes: () => (check.id === 'client.survives' ? this.outputTail() : []),
      dispose: () => {},
    };
  }

  extraBudgetMs(): number {
    return 0;
  }

  waitsMs(check: Check<ClientContext>): number | undefined {
    return check.needs.waitsOnClock ? this.options.settings.idleMs : undefined;
  }

  claims(): { resource: string; exclusive: boolean }[] {
    return [];
  }

  redact<T>(value: T): T {
    return this.redactor.value(value);
  }

  /** Ends the client (SIGTERM, then SIGKILL) and the reference server. */
  async close(): Promise<void> {
    await this.process?.stop();
    await this.acquired.target.close();
  }

  private contextFor(): ClientCheckContext {
    const { options, acquired } = this;
    return new ClientCheckContext({
      server: acquired.target.server,
      observatory: acquired.observatory,
      process: this.process,
      timeouts: options.timeouts,
      settings: options.settings,
      seed: options.seed,
      runs: options.runs,
    });
  }

  /** The client's own words: its output tail (redacted, bounded) rides with the process check, pass or fail. */
  private outputTail(): TranscriptLine[] {
    if (!this.process) return [];
    return this.process
      .output()
      .split('\n')
      .filter(Boolean)
      .slice(-40)
      .map((text, i) => ({ t: i, dir: 'note' as const, conn: 'client output', text }));
  }
}
