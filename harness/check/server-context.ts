import type { RtmConnectResult, WebApiResponse } from '../session/rtm-connect.js';
import type { UrlAnswer } from '../session/refused-url.js';
import type { Frame, RtmSocket } from '../session/rtm-socket.js';
import type { WindowResult } from '../session/window.js';
import type { TranscriptLine } from './transcript-line.js';
import type { Evidence, Premise } from './premise.js';
import type { Timeouts } from './timeouts.js';

export type { Frame, RtmSocket, RtmConnectResult, UrlAnswer, WindowResult, WebApiResponse };
export { describeAnswer } from '../session/refused-url.js';

/** A connection a check holds: the rtm.connect answer and the socket opened with its URL. */
export interface Session {
  connect: RtmConnectResult;
  socket: RtmSocket;
}

export type ConnectMethod = 'rtm.connect' | 'rtm.start';

/** What one probe connection found: whether the target speaks RTM at all, decided once per run. */
export type ProbeResult =
  | { kind: 'live'; connectMethod: ConnectMethod; first: Frame; hello: Frame; note?: string }
  /** The Web API never handed out a socket URL: nothing can be tested. */
  | { kind: 'no-web-api'; finding: string }
  /**
   * A socket URL, but no hello: the upgrade failed, the connection closed or stayed silent, or (`answers`) it
   * never said hello yet answers a ping, as slack-go's slacktest does: then the checks run, their failures stand,
   * and none can pass (the hello premise is missing).
   */
  | {
      kind: 'no-hello';
      connectMethod: ConnectMethod;
      finding: string;
      first: Frame | 'closed' | 'timeout';
      hello: Frame | 'closed' | 'timeout';
      answers?: boolean;
    };

/**
 * What a server check gets from the runner: the target through bounded calls that honour the run's probe (its
 * connect method) and health (a gone target ends the check at once), and connections that are closed for it.
 */
export interface CheckContext {
  readonly checkId: string;
  readonly evidence: Evidence;
  readonly timeouts: Timeouts;
  readonly expect: { readonly urlTtlSec: number; readonly maxMessageBytes: number };
  readonly seed: number;
  readonly runs: number;
  /** The fast-check path of a counterexample to replay (--path). */
  readonly path: string | undefined;
  /** The reference server of this harness, not a remote one (bounds and settle times differ). */
  readonly embedded: boolean;
  /** What the run's probe connection found (live, or why not). */
  readonly probe: ProbeResult;
  /** The channel checks post to. */
  readonly channel: string | undefined;
  /** How many users (tokens) the target has; user 0 is the primary one. */
  readonly users: number;
  /** Settle time after a window's replies: long enough for a duplicate to show. */
  readonly settleMs: number;
  /** What the check's connections said, for a counterexample's transcript. */
  readonly transcript: { mark(): number; since(mark: number): TranscriptLine[] };
  /** Records evidence: a premise met, or something compared ("texts compared"). */
  saw(what: Premise | string, n?: number): void;
  /** Hides tokens and socket tickets in a text meant for the report. */
  redact(text: string): string;
  /** The replay command for a counterexample at `path`. */
  replayCommand(path: string): string;
  /** Whether `token` is one of the target's own tokens. */
  isUserToken(token: string): boolean;
  /** The connect method (rtm.connect, or rtm.start where the probe found only that) for the user at `user`. */
  rtmConnect(user?: number, args?: Record<string, string>): Promise<RtmConnectResult>;
  /** A Web API call with the token of user `user`, or with `{ token }` (undefined: none), by default the probe's connect method. */
  callWebApi(
    who: number | { token: string | undefined },
    method?: 'rtm.connect' | 'rtm.start' | 'auth.test',
  ): Promise<WebApiResponse>;
  /** Opens a socket URL; the socket is closed when the check ends. */
  open(url: string, name?: string): Promise<RtmSocket>;
  /** A new session (connect method + socket) for a user. */
  connect(user?: number, name?: string, args?: Record<string, string>): Promise<Session>;
  /** A session that lives across a property's runs, reopened only if the target closed it; waits for hello. */
  shared(user?: number, name?: string): Promise<Session>;
  /** Waits for hello on a fresh connection; counts it as evidence. False when it did not come. */
  awaitHello(socket: RtmSocket): Promise<boolean>;
  /** How the target answers a socket URL: hello, refused at the upgrade, or an error and a close. */
  answerTo(url: string, name: string): Promise<UrlAnswer>;
  /** Sends `frames` pipelined on `socket` and collects the replies by reply_to (see harness/session/window.ts). */
  sendWindow(socket: RtmSocket, frames: Frame[], awaited?: (frame: Frame) => boolean): Promise<WindowResult>;
  /** Slows the check down after the target rate-limited it: rate-limit replies are legal. */
  backoff(rateLimitedReplies: number): Promise<void>;
}
