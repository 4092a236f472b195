import type { TranscriptLine } from '../check/check.js';
import { TargetGone } from '../check/gone.js';
import { Evidence, type Premise } from '../check/premise.js';
import type { CheckContext, ProbeResult, Session } from '../check/server-context.js';
import type { Timeouts } from '../check/timeouts.js';
import type { Redactor } from '../redact.js';
import { answerTo, type UrlAnswer } from '../session/refused-url.js';
import { type RtmConnectResult, type WebApiResponse, callWebApi, rtmConnect } from '../session/rtm-connect.js';
import { type Frame, RtmSocket } from '../session/rtm-socket.js';
import type { Transcript } from '../session/transcript.js';
import { type WindowResult, sendWindow } from '../session/window.js';
import type { RunHealth } from './run-health.js';
import type { Target } from './target.js';

/** What the server side hands a check's context: named, so a new field cannot land in the wrong position. */
export interface ServerCheckContextInit {
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
  replayCommand: (path: string) => string;
  probe: ProbeResult;
  health: RunHealth;
}

/** The server side's check context: the target, its budget, and connections that are cleaned up for the check. */
export class ServerCheckContext implements CheckContext {
  private readonly sockets = new Set<RtmSocket>();
  private readonly sessions = new Map<string, Session>();
  private readonly init: ServerCheckContextInit;
  readonly evidence = new Evidence();

  constructor(init: ServerCheckContextInit) {
    this.init = init;
  }

  get checkId(): string {
    return this.init.checkId;
  }
  get timeouts(): Timeouts {
    return this.init.timeouts;
  }
  get expect(): { urlTtlSec: number; maxMessageBytes: number } {
    return this.init.expect;
  }
  get seed(): number {
    return this.init.seed;
  }
  get runs(): number {
    return this.init.runs;
  }
  get path(): string | undefined {
    return this.init.path;
  }
  get embedded(): boolean {
    return this.init.target.embedded;
  }
  get probe(): ProbeResult {
    return this.init.probe;
  }
  get channel(): string | undefined {
    return this.init.target.channel;
  }
  get users(): number {
    return this.init.target.tokens.length;
  }
  get transcript(): { mark(): number; since(mark: number): TranscriptLine[] } {
    return this.init.transcript;
  }
  get settleMs(): number {
    return this.embedded ? 30 : 300;
  }
  private get redactor(): Redactor {
    return this.init.target.redactor;
  }
  private get health(): RunHealth {
    return this.init.health;
  }

  saw(what: Premise | string, n = 1): void {
    this.evidence.saw(what, n);
  }

  redact(text: string): string {
    return this.redactor.text(text);
  }

  replayCommand(path: string): string {
    return this.init.replayCommand(path);
  }

  isUserToken(token: string): boolean {
    return this.init.target.tokens.includes(token);
  }

  private get connectMethod(): 'rtm.connect' | 'rtm.start' {
    return this.probe.kind === 'no-web-api' ? 'rtm.connect' : this.probe.connectMethod;
  }

  async rtmConnect(user = 0, args?: Record<string, string>): Promise<RtmConnectResult> {
    this.health.assertAlive();
    const { apiUrl, tokens, tls } = this.init.target;
    const result = await rtmConnect({
      apiUrl,
      token: tokens[user],
      args,
      timeoutMs: this.timeouts.httpMs,
      tls,
      method: this.connectMethod,
    });
    this.redactor.addSocketUrl(result.url);
    return result;
  }

  async callWebApi(
    who: number | { token: string | undefined },
    method: 'rtm.connect' | 'rtm.start' | 'auth.test' = this.connectMethod,
  ): Promise<WebApiResponse> {
    this.health.assertAlive();
    const { apiUrl, tokens, tls } = this.init.target;
    const token = typeof who === 'number' ? tokens[who] : who.token;
    const res = await callWebApi({ apiUrl, token, timeoutMs: this.timeouts.httpMs, tls, method });
    if (typeof res.body.url === 'string') this.redactor.addSocketUrl(res.body.url);
    return res;
  }

  async open(url: string, name = 'c1'): Promise<RtmSocket> {
    this.health.assertAlive();
    const socket = await RtmSocket.open(url, {
      transcript: this.init.transcript,
      name,
      maxFrameBytes: this.init.maxFrameBytes,
      handshakeTimeoutMs: this.timeouts.helloMs,
      tls: this.init.target.tls,
      health: this.health,
    });
    this.sockets.add(socket);
    return socket;
  }

  async connect(user = 0, name = `u${user}`, args?: Record<string, string>): Promise<Session> {
    const connect = await this.rtmConnect(user, args);
    const socket = await this.open(connect.url, name);
    return { connect, socket };
  }

  async shared(user = 0, name = `u${user}`): Promise<Session> {
    this.health.assertAlive();
    const existing = this.sessions.get(name);
    if (existing?.socket.isOpen) return existing;
    const session = await this.connect(user, name);
    if (!(await this.awaitHello(session.socket)))
      throw new TargetGone(
        `no hello within ${this.timeouts.helloMs} ms on connection ${name}: see connect.hello-in-time`,
      );
    this.sessions.set(name, session);
    return session;
  }

  /**
   * Against a target the probe found answering without hello, it does not wait: the check goes on, its
   * failures stand, and its pass is refused for the missing hello (the evidence rule).
   */
  async awaitHello(socket: RtmSocket): Promise<boolean> {
    if (this.probe.kind === 'no-hello' && this.probe.answers) return socket.isOpen;
    const hello = await socket.nextFrame((f) => f.type === 'hello', this.timeouts.helloMs);
    if (typeof hello === 'object') this.saw('hello');
    return typeof hello === 'object';
  }

  answerTo(url: string, name: string): Promise<UrlAnswer> {
    this.health.assertAlive();
    const options = {
      transcript: this.init.transcript,
      name,
      handshakeTimeoutMs: this.timeouts.helloMs,
      tls: this.init.target.tls,
      maxFrameBytes: this.init.maxFrameBytes,
    };
    return answerTo(url, options, this.timeouts.helloMs, this.timeouts.closeMs);
  }

  sendWindow(socket: RtmSocket, frames: Frame[], awaited?: (frame: Frame) => boolean): Promise<WindowResult> {
    return sendWindow(socket, frames, this.timeouts.replyMs, this.settleMs, awaited);
  }

  /** "Clients should not send more than one message per second sustained": a check paces itself instead of failing. */
  async backoff(rateLimitedReplies: number): Promise<void> {
    if (rateLimitedReplies > 0) await new Promise((r) => setTimeout(r, Math.min(5000, 1000 * rateLimitedReplies)));
  }

  /** Closes every socket the check opened. */
  dispose(): void {
    for (const s of this.sockets) s.terminate();
    this.sockets.clear();
    this.sessions.clear();
  }
}
