import type {
  ClientContext,
  ClientCrash,
  ClientExit,
  ClientProfile,
  ClientSettings,
  ClientTimeouts,
  Echo,
} from '../check/client-context.js';
import { Evidence, type Premise } from '../check/premise.js';
import { ClauseViolation, show } from '../check/violation.js';
import { CLIENT_REQUIRES } from '../protocol/client-requirements.js';
import type { RunningServer } from '../server/server.js';
import type { ClientProcess } from './client-process.js';
import type { ClientConnection, ClientObservatory } from './observatory.js';

/** The fixture's helper: a human who posts echo requests in a channel the bot is in. */
export const HELPER = { user: 'U0ALICE01', channel: 'C0GENERAL' } as const;

/** What the client side hands a client check's context, by name. */
export interface ClientCheckContextInit {
  server: RunningServer;
  observatory: ClientObservatory;
  /** The process now; undefined with --attach: a client started by hand. */
  process: ClientProcess | undefined;
  /** Every time a process of the run ended by itself, so far. */
  crashes: readonly ClientCrash[];
  /** The check this context is for: a crash during it is charged to it. */
  checkId: string;
  timeouts: ClientTimeouts;
  settings: ClientSettings;
  seed: number;
  runs: number;
  profile: ClientProfile;
  triggers: readonly string[];
}

/** The client side's check context: the reference server, what the client did, and the helper that talks to it. */
export class ClientCheckContext implements ClientContext {
  readonly evidence = new Evidence();
  readonly helper = HELPER;
  private readonly server: RunningServer;
  readonly wire: ClientObservatory;
  readonly process: ClientContext['process'];
  private readonly running: ClientProcess | undefined;
  private readonly checkId: string;
  readonly timeouts: ClientTimeouts;
  readonly settings: ClientSettings;
  readonly seed: number;
  readonly runs: number;
  readonly profile: ClientProfile;
  readonly triggers: readonly string[];

  constructor(init: ClientCheckContextInit) {
    this.server = init.server;
    this.wire = init.observatory;
    this.running = init.process;
    const running = init.process;
    this.process = running && {
      get exit() {
        return running.exit;
      },
      output: () => running.output(),
      crashes: init.crashes,
    };
    this.checkId = init.checkId;
    this.timeouts = init.timeouts;
    this.settings = init.settings;
    this.seed = init.seed;
    this.runs = init.runs;
    this.profile = init.profile;
    this.triggers = init.triggers;
  }

  saw(what: Premise | string, n = 1): void {
    this.evidence.saw(what, n);
  }

  now(): number {
    return performance.now();
  }

  sleep(ms: number): Promise<void> {
    return new Promise((r) => setTimeout(r, ms));
  }

  post(channel: string, user: string, text: string): void {
    this.server.post(channel, user, text);
  }

  messageEvent(channel: string, user: string, text: string): object {
    return this.server.messageEvent(channel, user, text);
  }

  requestEcho(text: string, channel: string = HELPER.channel): number {
    const at = this.now();
    this.server.post(channel, HELPER.user, `echo ${text}`);
    return at;
  }

  /** The other connections (the Grid one) do not see it, so the answer proves that connection works. */
  requestEchoOn(connection: ClientConnection, text: string): number {
    const at = this.now();
    connection.server.sendFrame(this.server.messageEvent(HELPER.channel, HELPER.user, `echo ${text}`));
    return at;
  }

  echoesOf(text: string, since: number): Echo[] {
    return this.wire
      .framesSince(since)
      .filter(({ frame }) => frame.parsed?.type === 'message' && frame.parsed.text === text);
  }

  async awaitEcho(text: string, since: number, timeoutMs = this.timeouts.echoMs): Promise<Echo | undefined> {
    const echo = await this.waitFor(() => this.echoesOf(text, since)[0], timeoutMs);
    if (echo) this.saw('echo');
    return echo;
  }

  async awaitConnection(since: number, timeoutMs = this.timeouts.connectMs): Promise<ClientConnection | undefined> {
    return this.waitFor(
      () => this.wire.connections.find((c) => c.openedAt >= since && c.token === 'RTM_TOKEN'),
      timeoutMs,
    );
  }

  live(): ClientConnection | undefined {
    return this.wire
      .open()
      .filter((c) => c.token === 'RTM_TOKEN')
      .at(-1);
  }

  async waitFor<T>(probe: () => T | undefined, timeoutMs: number): Promise<T | undefined> {
    const exited = this.running?.whenExited().then(() => probe());
    const value = await Promise.race([this.wire.waitFor(probe, timeoutMs), ...(exited ? [exited] : [])]);
    const exit = this.running?.exit;
    if (exit && !exit.byHarness) throw crashDuring(this.checkId, exit, this.running!.output());
    return value;
  }
}

/** A crash charged to the check in progress: the process's exit and what it said last. */
function crashDuring(checkId: string, exit: ClientExit, output: string): ClauseViolation {
  return new ClauseViolation(
    [CLIENT_REQUIRES.processStillRunning],
    `the client exited ${exitText(exit)} during ${checkId}; output tail: ${show(output.trim().slice(-600), 600) || '(none)'}`,
  );
}

/** "with code 3", "on SIGSEGV". */
export function exitText(exit: ClientExit): string {
  return exit.signal ? `on ${exit.signal}` : `with code ${exit.code}`;
}
