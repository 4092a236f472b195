import type { Evidence, Premise } from './premise.js';

type Frame = Record<string, unknown>;

/** Which of the client's tokens a call or connection used: the variable's name, never the value. */
export type TokenName = 'RTM_TOKEN' | 'RTM_TOKEN_2' | 'other';

export interface ClientFrame {
  at: number;
  bytes: number;
  binary: boolean;
  text: string;
  /** The frame as JSON, when it is a JSON object. */
  parsed?: Frame;
}

/** The reference server's end of one of the client's connections: what a check may do to it. */
export interface ServerEnd {
  sendFrame(frame: object): void;
  /** Ends the socket abruptly (no close frame). */
  drop(): void;
  /** Sends goodbye, then closes. */
  goodbye(): void;
}

export interface ClientConnection {
  /** 1, 2, … in the order the client opened them. */
  index: number;
  token: TokenName;
  openedAt: number;
  closedAt?: number;
  frames: ClientFrame[];
  /** WebSocket-level pings, as times. */
  wsPings: number[];
  server: ServerEnd;
}

/** The client's own messages: what an echo looks like on the wire. */
export interface Echo {
  connection: ClientConnection;
  frame: ClientFrame;
}

/** A refusal the server gives rtm.connect instead of a URL. */
export interface CannedAnswer {
  status: number;
  body: Record<string, unknown>;
  retryAfterSec?: number;
}

/**
 * Everything the client under test did, as the reference server saw it, and the switches that make the server
 * misbehave on purpose (the client room's observatory implements it).
 */
export interface ClientWire {
  readonly connectCalls: readonly { at: number; method: string; token: TokenName; refused: boolean }[];
  readonly upgrades: readonly { at: number; ticketId: string; outcome: string }[];
  readonly connections: readonly ClientConnection[];
  open(): ClientConnection[];
  framesSince(since: number): Echo[];
  refuseConnectsFor(ms: number, answer: CannedAnswer): void;
  expireNextUrls(n: number): void;
  sendAfterNextHello(frames: Frame[]): void;
  /** Runs `hook` when the next socket URL has been issued and before it is used; `queued` is what it will deliver after hello. */
  whenNextUrlIssued(hook: (url: { queued: object[] }) => void): void;
  limitRate(limit: { perSecond: number; burst: number; disconnectAfter: number } | false): void;
}

/** How the client process ended. */
export interface ClientExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Whether the harness ended it (SIGTERM at the end of the run), as opposed to the client ending itself. */
  byHarness: boolean;
}

/**
 * A time the client process ended by itself (not ended by the harness): charged to the check in progress, if any,
 * and to client.survives.
 */
export interface ClientCrash {
  exit: ClientExit;
  /** The check in progress when it ended; undefined between checks or at start-up. */
  during?: string;
  /** The last check that had ended before it (for an exit between checks). */
  after?: string;
  /** Its redacted output tail, as it was when it ended. */
  output: string;
}

/** The harness ran COMMAND again before a check: reported on the event stream (a `client-restart` event). */
export interface ClientRestart {
  /** 1, 2, …: the restart's number in the run, never more than `max`. */
  n: number;
  max: number;
  /** The check it was restarted for. */
  beforeCheck: string;
  /** Why: how the old process ended, or how long it had been without a connection. */
  reason: string;
  /** ms from the restart to the new process's first connection; undefined when none came in the connect timeout. */
  connectedMs?: number;
}

/** The waits of client mode, in ms. */
export interface ClientTimeouts {
  /** For the client to echo a request. */
  echoMs: number;
  /** For the client to connect: at the start and after a restart. */
  connectMs: number;
  /**
   * For the client to reconnect after the server ended its connection: a bound a slow but correct client meets (the
   * page sets no time limit), used by the MUST reconnect checks and before each check (--reconnect-bound).
   */
  reconnectMs: number;
  /** How quickly a client should reconnect: slower warns, judged once per cause of a disconnect (--reconnect-warn). */
  reconnectWarnMs: number;
}

export interface ClientSettings {
  /** The quiet window of client.ping-when-idle, and the longest gap between pings it accepts. */
  idleMs: number;
  pingBoundMs: number;
}

/**
 * What the client under test is graded on: `echo`, the echo contract (docs/client-mode.md); `lifecycle`, any bot as
 * it is, on what the page asks of every client (checks that need echoes are skipped).
 */
export type ClientProfile = 'echo' | 'lifecycle';

/** What a client check gets: the server, what the client did, and the helper user who talks to it. */
export interface ClientContext {
  readonly evidence: Evidence;
  readonly profile: ClientProfile;
  /** Lifecycle profile: texts the helper posts to make the bot speak (--trigger); may be empty. */
  readonly triggers: readonly string[];
  readonly wire: ClientWire;
  /**
   * The client process now (the harness restarts one that exited or lost its connection for good); undefined with
   * --attach (a client started by hand). `crashes`: every time a process of the run ended by itself.
   */
  readonly process:
    | { readonly exit: ClientExit | undefined; output(): string; readonly crashes: readonly ClientCrash[] }
    | undefined;
  readonly timeouts: ClientTimeouts;
  readonly settings: ClientSettings;
  readonly seed: number;
  readonly runs: number;
  /** The fixture's helper: a human who posts echo requests in a channel the bot is in. */
  readonly helper: { readonly user: string; readonly channel: string };
  saw(what: Premise | string, n?: number): void;
  now(): number;
  sleep(ms: number): Promise<void>;
  /** Posts `text` as `user` in `channel` (every member's connection gets the message event). */
  post(channel: string, user: string, text: string): void;
  /** A message event as the server would deliver it, to queue or send by hand. */
  messageEvent(channel: string, user: string, text: string): object;
  /** Posts `echo <text>` as the helper; returns when it was posted. */
  requestEcho(text: string, channel?: string): number;
  /** Posts `echo <text>` as the helper to one of the client's connections only. */
  requestEchoOn(connection: ClientConnection, text: string): number;
  /** Every message the client sent with exactly `text` since `since`. */
  echoesOf(text: string, since: number): Echo[];
  /** The first echo of `text` since `since`, or undefined after the echo timeout (or when the client died). */
  awaitEcho(text: string, since: number, timeoutMs?: number): Promise<Echo | undefined>;
  /** A connection the client opened since `since`, or undefined after the connect timeout. */
  awaitConnection(since: number, timeoutMs?: number): Promise<ClientConnection | undefined>;
  /** The client's newest open connection with RTM_TOKEN. */
  live(): ClientConnection | undefined;
  /**
   * Waits on what the client does. A client process that ends by itself meanwhile ends the wait and the check: the
   * crash is charged to it (a violation of "the process still running", with the exit and the output tail).
   */
  waitFor<T>(probe: () => T | undefined, timeoutMs: number): Promise<T | undefined>;
}
