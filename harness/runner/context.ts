import type { Redactor } from '../redact.js';
import type { Session } from '../session/open-session.js';
import { type RtmConnectResult, rtmConnect } from '../session/rtm-connect.js';
import { RtmSocket } from '../session/rtm-socket.js';
import type { Transcript } from '../session/transcript.js';
import type { Target } from '../target/target.js';
import type { ProbeResult } from '../target/probe.js';
import { Evidence, type Premise } from './premise.js';
import { type RunHealth, TargetGone } from './run-health.js';
import type { Timeouts } from './timeouts.js';

/** What the runner hands a check: named, so a new field cannot land in the wrong position. */
export interface CheckContextInit {
  checkId: string;
  target: Target;
  expect: { urlTtlSec: number; maxMessageBytes: number };
  seed: number;
  runs: number;
  path: string | undefined;
  timeouts: Timeouts;
  /** Largest frame accepted from the target. */
  maxFrameBytes: number;
  transcript: Transcript;
  /** The replay command for a counterexample at `path`. */
  replayCommand: (path: string) => string;
  /** What the run's probe connection found (live, or why not). */
  probe: ProbeResult;
  /** Whether the target still answers, across the run. */
  health: RunHealth;
}

/** What a check gets from the runner: the target, its budget, and connections that are cleaned up for it. */
export class CheckContext implements CheckContextInit {
  private readonly sockets = new Set<RtmSocket>();
  private readonly sessions = new Map<string, Session>();

  declare readonly checkId: string;
  declare readonly target: Target;
  declare readonly expect: { urlTtlSec: number; maxMessageBytes: number };
  declare readonly seed: number;
  declare readonly runs: number;
  declare readonly path: string | undefined;
  declare readonly timeouts: Timeouts;
  declare readonly maxFrameBytes: number;
  declare readonly transcript: Transcript;
  declare readonly replayCommand: (path: string) => string;
  declare readonly probe: ProbeResult;
  declare readonly health: RunHealth;
  /** What the check saw: the runner judges a pass by it (see premise.ts). */
  readonly evidence = new Evidence();

  constructor(init: CheckContextInit) {
    Object.assign(this, init);
  }

  /** Records evidence: a premise met, or something compared ("texts compared"). */
  saw(what: Premise | string, n = 1): void {
    this.evidence.saw(what, n);
  }

  /** Hides the target's tokens and tickets. */
  get redactor(): Redactor {
    return this.target.redactor;
  }

  /** The channel checks post to. */
  get channel(): string | undefined {
    return this.target.channel;
  }

  /** rtm.connect for the user at `user` (index into the tokens). */
  async rtmConnect(user = 0, args?: Record<string, string>): Promise<RtmConnectResult> {
    this.health.assertAlive();
    const method = this.probe.kind === 'no-web-api' ? 'rtm.connect' : this.probe.connectMethod;
    const result = await rtmConnect({ apiUrl: this.target.apiUrl, token: this.target.tokens[user], args, timeoutMs: this.timeouts.httpMs, tls: this.target.tls, method });
    this.redactor.addSocketUrl(result.url);
    return result;
  }

  /** Opens a socket URL; the socket is closed when the check ends. */
  async open(url: string, name = 'c1'): Promise<RtmSocket> {
    this.health.assertAlive();
    const socket = await RtmSocket.open(url, { transcript: this.transcript, name, maxFrameBytes: this.maxFrameBytes, handshakeTimeoutMs: this.timeouts.helloMs, tls: this.target.tls, health: this.health });
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
    this.health.assertAlive();
    const existing = this.sessions.get(name);
    if (existing?.socket.isOpen) return existing;
    const session = await this.connect(user, name);
    if (!(await this.awaitHello(session.socket))) throw new TargetGone(`no hello within ${this.timeouts.helloMs} ms on connection ${name}: see connect.hello-in-time`);
    this.sessions.set(name, session);
    return session;
  }

  /**
   * Waits for hello on a fresh connection; counts it as evidence. False when it did not come (closed or timed
   * out). Against a target the probe found answering without hello, it does not wait: the check goes on, its
   * failures stand, and its pass is refused for the missing hello (the evidence rule).
   */
  async awaitHello(socket: RtmSocket): Promise<boolean> {
    if (this.probe.kind === 'no-hello' && this.probe.answers) return socket.isOpen;
    const hello = await socket.nextFrame((f) => f.type === 'hello', this.timeouts.helloMs);
    if (typeof hello === 'object') this.saw('hello');
    return typeof hello === 'object';
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

