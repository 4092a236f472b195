import type { Redactor } from '../redact.js';
import type { Session } from '../session/open-session.js';
import { type RtmConnectResult, rtmConnect } from '../session/rtm-connect.js';
import { RtmSocket } from '../session/rtm-socket.js';
import type { TlsOptions } from '../session/http-client.js';
import type { Transcript } from '../session/transcript.js';

export interface Target {
  apiUrl: string;
  tokens: string[];
  channel: string | undefined;
  embedded: boolean;
  tls?: TlsOptions;
  /** Largest frame accepted from the target. */
  maxFrameBytes: number;
}

export interface Timeouts {
  /** For a reply to arrive. */
  replyMs: number;
  /** For hello after the upgrade. */
  helloMs: number;
  /** For the target to close a connection it should close. */
  closeMs: number;
  /** For a frame that must NOT come (no reply to typing): how long silence counts as none. */
  quietMs: number;
  /** For a whole Web API exchange (rtm.connect). */
  httpMs: number;
}

/** What a check gets from the runner: the target, its budget, and connections that are cleaned up for it. */
export class CheckContext {
  private readonly sockets = new Set<RtmSocket>();
  private readonly sessions = new Map<string, Session>();

  constructor(
    readonly checkId: string,
    readonly target: Target,
    readonly expect: { urlTtlSec: number; maxMessageBytes: number },
    readonly seed: number,
    readonly runs: number,
    readonly path: string | undefined,
    readonly timeouts: Timeouts,
    readonly redactor: Redactor,
    readonly transcript: Transcript,
    /** The replay command for a counterexample at `path`. */
    readonly replayCommand: (path: string) => string,
  ) {}

  /** The channel checks post to. */
  get channel(): string | undefined {
    return this.target.channel;
  }

  /** rtm.connect for the user at `user` (index into the tokens). */
  async rtmConnect(user = 0, args?: Record<string, string>): Promise<RtmConnectResult> {
    const result = await rtmConnect({ apiUrl: this.target.apiUrl, token: this.target.tokens[user], args, timeoutMs: this.timeouts.httpMs, tls: this.target.tls });
    this.redactor.addSocketUrl(result.url);
    return result;
  }

  /** Opens a socket URL; the socket is closed when the check ends. */
  async open(url: string, name = 'c1'): Promise<RtmSocket> {
    const socket = await RtmSocket.open(url, { transcript: this.transcript, name, maxFrameBytes: this.target.maxFrameBytes, handshakeTimeoutMs: this.timeouts.helloMs, tls: this.target.tls });
    this.sockets.add(socket);
    return socket;
  }

  /** A new session (rtm.connect + socket) for a user. */
  async connect(user = 0, name = `u${user}`, args?: Record<string, string>): Promise<Session> {
    const connect = await this.rtmConnect(user, args);
    const socket = await this.open(connect.url, name);
    return { connect, socket };
  }

  /**
   * A session that lives across a property's runs (real servers rate-limit rtm.connect): the same one
   * each call, reopened only if the target closed it. Waits for hello.
   */
  async shared(user = 0, name = `u${user}`): Promise<Session> {
    const existing = this.sessions.get(name);
    if (existing?.socket.isOpen) return existing;
    const session = await this.connect(user, name);
    await session.socket.nextFrame((f) => f.type === 'hello', this.timeouts.helloMs);
    this.sessions.set(name, session);
    return session;
  }

  /**
   * Slows the check down after the target rate-limited it ("Clients should not send more than one message
   * per second sustained"): rate-limit replies are legal, so a check paces itself instead of failing.
   */
  async backoff(rateLimitedReplies: number): Promise<void> {
    if (rateLimitedReplies > 0) await new Promise((r) => setTimeout(r, Math.min(5000, 1000 * rateLimitedReplies)));
  }

  /** Settle time after a window's replies: long enough for a duplicate to show. */
  get settleMs(): number {
    return this.target.embedded ? 30 : 300;
  }

  /** Closes every socket the check opened. */
  dispose(): void {
    for (const s of this.sockets) s.terminate();
    this.sockets.clear();
    this.sessions.clear();
  }
}

