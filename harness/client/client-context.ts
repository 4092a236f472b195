import type { RunningServer } from '../server/server.js';
import { Evidence, type Premise } from '../runner/premise.js';
import type { ClientProcess } from './client-process.js';
import type { ClientConnection, ClientFrame, ClientObservatory } from './observatory.js';

/** The waits of client mode, in ms. */
export interface ClientTimeouts {
  /** For the client to echo a request. */
  echoMs: number;
  /** For the client to connect, at the start and after each disconnect. */
  connectMs: number;
}

export interface ClientSettings {
  /** The quiet window of client.ping-when-idle, and the longest gap between pings it accepts. */
  idleMs: number;
  pingBoundMs: number;
}

/** The fixture's helper: a human who posts echo requests in a channel the bot is in. */
export const HELPER = { user: 'U0ALICE01', channel: 'C0GENERAL' } as const;

/** The client's own messages: what an echo looks like on the wire. */
export interface Echo {
  connection: ClientConnection;
  frame: ClientFrame;
}

/** What the client runner hands a client check, by name. */
export interface ClientContextInit {
  server: RunningServer;
  observatory: ClientObservatory;
  /** Undefined with --attach: a client started by hand. */
  process: ClientProcess | undefined;
  timeouts: ClientTimeouts;
  settings: ClientSettings;
  seed: number;
  runs: number;
}

/** What a client check gets: the server, what the client did, and the helper that talks to it. */
export class ClientContext implements ClientContextInit {
  readonly evidence = new Evidence();
  declare readonly server: RunningServer;
  declare readonly observatory: ClientObservatory;
  declare readonly process: ClientProcess | undefined;
  declare readonly timeouts: ClientTimeouts;
  declare readonly settings: ClientSettings;
  declare readonly seed: number;
  declare readonly runs: number;

  constructor(init: ClientContextInit) {
    Object.assign(this, init);
  }

  saw(what: Premise | string, n = 1): void {
    this.evidence.saw(what, n);
  }

  now(): number {
    return performance.now();
  }

  /** Posts `echo <text>` as the helper; returns when it was posted. */
  requestEcho(text: string, channel: string = HELPER.channel): number {
    const at = this.now();
    this.server.post(channel, HELPER.user, `echo ${text}`);
    return at;
  }

  /**
   * Posts `echo <text>` as the helper to one of the client's connections only: the others (the Grid one)
   * do not see it, so the answer proves that connection works.
   */
  requestEchoOn(connection: ClientConnection, text: string): number {
    const at = this.now();
    connection.server.sendFrame(this.server.messageEvent(HELPER.channel, HELPER.user, `echo ${text}`));
    return at;
  }

  /** Every message the client sent with exactly `text` since `since`. */
  echoesOf(text: string, since: number): Echo[] {
    return this.observatory.framesSince(since).filter(({ frame }) => frame.parsed?.type === 'message' && frame.parsed.text === text);
  }

  /** The first echo of `text` since `since`, or undefined after the echo timeout (or when the client died). */
  async awaitEcho(text: string, since: number, timeoutMs = this.timeouts.echoMs): Promise<Echo | undefined> {
    const echo = await this.waitFor(() => this.echoesOf(text, since)[0], timeoutMs);
    if (echo) this.saw('echo');
    return echo;
  }

  /** A connection the client opened since `since` (an accepted socket URL), or undefined after the connect timeout. */
  async awaitConnection(since: number, timeoutMs = this.timeouts.connectMs): Promise<ClientConnection | undefined> {
    return this.waitFor(() => this.observatory.connections.find((c) => c.openedAt >= since && c.token === 'RTM_TOKEN'), timeoutMs);
  }

  /** The client's newest open connection with RTM_TOKEN. */
  live(): ClientConnection | undefined {
    return this.observatory.open().filter((c) => c.token === 'RTM_TOKEN').at(-1);
  }

  /** Waits on the observatory, giving up early when the client process has ended. */
  waitFor<T>(probe: () => T | undefined, timeoutMs: number): Promise<T | undefined> {
    const exited = this.process?.whenExited().then(() => probe());
    return Promise.race([this.observatory.waitFor(probe, timeoutMs), ...(exited ? [exited] : [])]);
  }

  sleep(ms: number): Promise<void> {
    return new Promise((r) => setTimeout(r, ms));
  }
}
