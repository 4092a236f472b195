import type { Check, Outcome } from '../check/check.js';
import type {
  ClientConnection,
  ClientContext,
  ClientCrash,
  ClientProfile,
  ClientRestart,
  ClientSettings,
  ClientTimeouts,
} from '../check/client-context.js';
import type { Premise } from '../check/premise.js';
import type { Selection } from '../config/resolve.js';
import type { Redactor } from '../redact.js';
import { ClientCheckContext, exitText } from './client-context.js';
import { outputTails, whereOf } from './client-crashes.js';
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
  /** What the client is graded on: the echo contract (the default) or, for any bot as it is, its lifecycle. */
  profile?: ClientProfile;
  /** Lifecycle profile: texts the helper posts to make the bot speak (--trigger). */
  triggers?: string[];
  /** Told the contract's variables before the client starts (for --attach, the console prints them). */
  onEnv?: (env: Record<string, string>) => void;
}

/** How long --attach waits for a client started by hand. */
const ATTACH_WAIT_MS = 10 * 60_000;
/** Times a run starts COMMAND again: enough for a client that crashed once or twice, bounded for one that always does. */
export const MAX_RESTARTS = 3;

/** How long a whole-run check gives a client without a connection to show it exited, before judging. */
const EXIT_GRACE_MS = 1000;

/** What the client side tells the run's event stream (the runner's `client-restart` event, by shape). */
export interface ClientSideEvent {
  type: 'client-restart';
  restart: ClientRestart;
}

/** A check that cannot start, by shape the runner's `Known`. */
type Known = { outcome: Outcome } | { missing: Premise; detail: string };

/**
 * The client side of the engine: the reference server in process, watched by an observatory, and the client
 * under test connected to it. Its checks share the one client, so they run one at a time in their fixed order,
 * each from a known state: before a check the client is connected (a client that is reconnecting gets the
 * reconnect bound), and one that exited or never came back is started again (at most MAX_RESTARTS times a run).
 * A process that ends by itself is a crash, charged to the check in progress (its context's waits end it) and to
 * client.survives. (Shaped as the runner's Side; this room does not import the runner.)
 */
export class ClientSide {
  readonly concurrency = 1;
  readonly clockBeside = false;
  private process: ClientProcess | undefined;
  private startedAt = 0;
  private readonly crashes: ClientCrash[] = [];
  private restarts = 0;
  private inProgress: string | undefined;
  private lastEnded: string | undefined;
  private emit: ((event: ClientSideEvent) => Promise<void>) | undefined;

  private constructor(
    private readonly acquired: ClientTarget,
    private readonly options: ClientRunOptions,
  ) {}

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

  /** Where restarts are reported: the engine hands the side its event stream. */
  listen(emit: (event: ClientSideEvent) => Promise<void>): void {
    this.emit = emit;
  }

  /** Starts the client (or prints the variables for one started by hand) and waits for its first connection. */
  async open(): Promise<string> {
    this.options.onEnv?.(this.acquired.env);
    this.startedAt = performance.now();
    if (this.options.command) this.launch();
    const first = await this.connectionSince(0, this.options.attach ? ATTACH_WAIT_MS : this.options.timeouts.connectMs);
    if (first) return `client: connected ${Math.round(first.openedAt - this.startedAt)} ms after it started`;
    const exit = this.process?.exit;
    return exit ? `client: exited ${exitText(exit)} before connecting` : 'client: no connection yet';
  }

  async begin(check: Check<ClientContext>) {
    if (check.judgesWholeRun) {
      // Every frame of the run, before and after restarts: no live connection needed, no restart for it. A process
      // whose socket just closed may be exiting (the server sees the close first): a moment to reconnect or exit.
      if (this.process && !this.process.exit && !this.live()) await this.connectionSince(this.startedAt, EXIT_GRACE_MS);
      const ctx = this.contextFor(check);
      if (check.premises.includes('client-connect'))
        ctx.saw('client-connect', this.acquired.observatory.connections.length);
      return this.running(check, ctx);
    }
    const known = await this.ready(check);
    if (known) return known;
    // From here a crash is this check's (before, it happened between checks).
    this.inProgress = check.id;
    const ctx = this.contextFor(check);
    ctx.saw('client-connect');
    return this.running(check, ctx);
  }

  /** The check's own bound, beyond the engine's: a reconnect it waits for, and a quiet window. */
  extraBudgetMs(check: Check<ClientContext>): number {
    return this.options.timeouts.reconnectMs + (check.needs.waitsOnClock ? this.options.settings.idleMs : 0);
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

  // ---- the known state before a check ---------------------------------------------------------------------

  /**
   * Undefined once the client is connected. A process that has not connected since it started gets the connect
   * timeout (again, before each check: a slow starter is not killed for it). One that lost its connection gets until
   * the reconnect bound after it lost its last one; one that exited, or has still not reconnected then, is started
   * again. What cannot be had is the check's missing premise, or an error.
   */
  private async ready(check: Check<ClientContext>): Promise<Known | undefined> {
    const { connectMs, reconnectMs } = this.options.timeouts;
    // An exit first: the server may not have seen the dead process's socket close yet.
    if (!this.process?.exit && this.live()) return undefined;
    const lost = this.lastLoss();
    if (!this.process?.exit && lost === undefined) {
      if (await this.connectionSince(this.startedAt, connectMs)) return undefined;
      if (!this.process?.exit) {
        const since = Math.round((performance.now() - this.startedAt) / 1000);
        return { missing: 'client-connect', detail: `no connection since the client started, ${since} s ago` };
      }
    }
    if (!this.process?.exit && lost !== undefined) {
      if (await this.connectionSince(this.startedAt, lost + reconnectMs - performance.now())) return undefined;
    }
    const exit = this.process?.exit;
    const why = exit
      ? `exited ${exitText(exit)} ${whereOf(this.crashes.at(-1))}`
      : `had no connection ${reconnectMs / 1000} s after it lost its last one`;
    if (!this.options.command) return { missing: 'client-connect', detail: `the client ${why}` };
    if (this.restarts >= MAX_RESTARTS)
      return {
        outcome: {
          kind: 'error',
          message: `the client ${why}, and was restarted ${MAX_RESTARTS} times already, the most a run allows`,
          ...(exit ? { see: 'client.survives' } : {}),
        },
      };
    const restart = await this.restart(check, `it ${why}`);
    // Its own connection (the dead process's may not have been seen closing yet).
    if (restart.connectedMs !== undefined && this.live()) return undefined;
    const again = this.process?.exit;
    return {
      missing: 'client-connect',
      detail: `restart ${restart.n}: ${again ? `the client exited ${exitText(again)} before connecting` : `no connection within ${connectMs} ms`}`,
    };
  }

  /** COMMAND again: the old process ended first (SIGTERM, then SIGKILL), the restart told on the event stream. */
  private async restart(check: Check<ClientContext>, reason: string): Promise<ClientRestart> {
    this.restarts += 1;
    await this.process?.stop();
    this.launch();
    const first = await this.connectionSince(this.startedAt, this.options.timeouts.connectMs);
    const restart: ClientRestart = {
      n: this.restarts,
      max: MAX_RESTARTS,
      beforeCheck: check.id,
      reason: this.redactor.text(reason),
      connectedMs: first ? Math.round(first.openedAt - this.startedAt) : undefined,
    };
    await this.emit?.({ type: 'client-restart', restart });
    return restart;
  }

  private launch(): void {
    const process: ClientProcess = new ClientProcess(
      this.options.command!,
      this.acquired.env,
      this.redactor,
      (exit) => {
        if (!exit.byHarness)
          this.crashes.push({ exit, during: this.inProgress, after: this.lastEnded, output: process.output() });
      },
    );
    this.process = process;
    this.startedAt = performance.now();
    process.start();
  }

  private live(): ClientConnection | undefined {
    return this.acquired.observatory
      .open()
      .filter((c) => c.token === 'RTM_TOKEN')
      .at(-1);
  }

  /** When the current process's last connection closed; undefined when it never had one. */
  private lastLoss(): number | undefined {
    const mine = this.acquired.observatory.connections.filter(
      (c) => c.token === 'RTM_TOKEN' && c.openedAt >= this.startedAt,
    );
    return mine.length ? Math.max(...mine.map((c) => c.closedAt ?? Number.POSITIVE_INFINITY)) : undefined;
  }

  /** A live connection opened since `since`, within `timeoutMs`; an exit of the process ends the wait. */
  private connectionSince(since: number, timeoutMs: number): Promise<ClientConnection | undefined> {
    const probe = () => {
      const c = this.live();
      return c && c.openedAt >= since ? c : undefined;
    };
    const exited = this.process?.whenExited().then(() => probe());
    return Promise.race([
      this.acquired.observatory.waitFor(probe, Math.max(0, timeoutMs)),
      ...(exited ? [exited] : []),
    ]);
  }

  // ---- a check under way ----------------------------------------------------------------------------------

  private running(check: Check<ClientContext>, ctx: ClientCheckContext) {
    const started = ctx.now();
    return {
      ctx,
      evidence: ctx.evidence,
      transcript: () => transcriptOf(this.acquired.observatory, started),
      notes: () => (check.id === 'client.survives' ? outputTails(this.crashes, this.process) : []),
      dispose: () => this.ended(check),
    };
  }

  private ended(check: Check<ClientContext>): void {
    this.inProgress = undefined;
    this.lastEnded = check.id;
    // A switch a check left set (a URL to expire, refusals) must not meet the next check, or a restarted client.
    this.acquired.observatory.resetSwitches();
  }

  private contextFor(check: Check<ClientContext>): ClientCheckContext {
    const { options, acquired } = this;
    return new ClientCheckContext({
      server: acquired.target.server,
      observatory: acquired.observatory,
      process: this.process,
      crashes: this.crashes,
      checkId: check.id,
      timeouts: options.timeouts,
      settings: options.settings,
      seed: options.seed,
      runs: options.runs,
      profile: options.profile ?? 'echo',
      triggers: options.triggers ?? [],
    });
  }
}
