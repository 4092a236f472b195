import { EventEmitter } from 'node:events';
import type {
  ClientConnection as CheckedConnection,
  ClientFrame,
  ClientWire,
  TokenName,
} from '../check/client-context.js';
import type { Connection } from '../server/connection.js';
import type { CannedAnswer, ServerObserver } from '../server/observer.js';
import type { RateLimit } from '../server/rate-limit.js';
import type { Ticket, TicketRefusal } from '../server/tickets.js';

type Frame = Record<string, unknown>;

/** A client connection as the observatory holds it: with the reference server's whole end of it. */
export interface ClientConnection extends CheckedConnection {
  server: Connection;
}

/** Bounds: a hostile or runaway client cannot grow the record without limit. */
const MAX_FRAMES_PER_CONNECTION = 20_000;
const MAX_KEPT_TEXT = 64 * 1024;
const MAX_CALLS = 100_000;

/**
 * The server side of client mode: everything the client under test did (its rtm.connect calls, the socket
 * URLs it used, every frame it sent) and the switches that make the server misbehave on purpose.
 */
export class ClientObservatory implements ServerObserver, ClientWire {
  readonly connectCalls: { at: number; method: string; token: TokenName; refused: boolean }[] = [];
  readonly upgrades: { at: number; ticketId: string; outcome: 'accepted' | TicketRefusal }[] = [];
  readonly connections: ClientConnection[] = [];
  private readonly changes = new EventEmitter();
  private refuseUntil = 0;
  private refusal: CannedAnswer | undefined;
  private expireNext = 0;
  private afterHello: Frame[] = [];
  private onNextTicket: ((ticket: Ticket) => void) | undefined;
  private rateLimit: RateLimit | false = false;

  constructor(
    private readonly tokens: { primary: string; second?: string },
    private readonly now: () => number = () => performance.now(),
  ) {
    this.changes.setMaxListeners(0);
  }

  /** The name of the variable a token came in. */
  nameOf(token: string | undefined): TokenName {
    return token === this.tokens.primary
      ? 'RTM_TOKEN'
      : token !== undefined && token === this.tokens.second
        ? 'RTM_TOKEN_2'
        : 'other';
  }

  onConnectCall(call: { method: string; token: string | undefined }): CannedAnswer | undefined {
    const refused = this.now() < this.refuseUntil;
    if (this.connectCalls.length < MAX_CALLS)
      this.connectCalls.push({ at: this.now(), method: call.method, token: this.nameOf(call.token), refused });
    this.changed();
    return refused ? this.refusal : undefined;
  }

  onTicketIssued(ticket: Ticket): void {
    if (this.expireNext > 0) {
      this.expireNext -= 1;
      ticket.expiredByForce = true;
    }
    const hook = this.onNextTicket;
    this.onNextTicket = undefined;
    hook?.(ticket);
  }

  onUpgrade(ticketId: string, outcome: 'accepted' | TicketRefusal): void {
    if (this.upgrades.length < MAX_CALLS) this.upgrades.push({ at: this.now(), ticketId, outcome });
    this.changed();
  }

  onConnection(server: Connection): void {
    const connection: ClientConnection = {
      index: this.connections.length + 1,
      token: this.nameOf(server.token),
      openedAt: this.now(),
      frames: [],
      wsPings: [],
      server,
    };
    this.connections.push(connection);
    if (this.rateLimit) server.setRateLimit(this.rateLimit);
    const frames = this.afterHello;
    this.afterHello = [];
    // start() writes hello right after this hook returns: these follow it.
    if (frames.length)
      setImmediate(() => {
        for (const f of frames) server.sendFrame(f);
      });
    this.changed();
  }

  onClientFrame(server: Connection, frame: { text: string; bytes: number; binary: boolean }): void {
    const c = this.connectionOf(server);
    if (!c || c.frames.length >= MAX_FRAMES_PER_CONNECTION) return;
    let parsed: Frame | undefined;
    try {
      const value: unknown = frame.binary ? undefined : JSON.parse(frame.text);
      if (typeof value === 'object' && value !== null && !Array.isArray(value)) parsed = value as Frame;
    } catch {
      parsed = undefined;
    }
    c.frames.push({
      at: this.now(),
      bytes: frame.bytes,
      binary: frame.binary,
      text: frame.text.slice(0, MAX_KEPT_TEXT),
      parsed,
    });
    this.changed();
  }

  onClientPing(server: Connection): void {
    this.connectionOf(server)?.wsPings.push(this.now());
    this.changed();
  }

  onClose(server: Connection): void {
    const c = this.connectionOf(server);
    if (c) c.closedAt = this.now();
    this.changed();
  }

  // ---- switches -------------------------------------------------------------------------------------

  /** rtm.connect (and rtm.start) answer `answer` instead of a URL for `ms` from now. */
  refuseConnectsFor(ms: number, answer: CannedAnswer): void {
    this.refuseUntil = this.now() + ms;
    this.refusal = answer;
  }

  /** The next `n` socket URLs handed out are already expired. */
  expireNextUrls(n: number): void {
    this.expireNext = n;
  }

  /** Frames the next connection receives right after hello. */
  sendAfterNextHello(frames: Frame[]): void {
    this.afterHello = frames;
  }

  /** Runs `hook` when the next socket URL has been issued and before it is used. */
  whenNextUrlIssued(hook: (ticket: Ticket) => void): void {
    this.onNextTicket = hook;
  }

  /** A per-connection rate limit for the client's connections, now and later (false: none). */
  limitRate(limit: RateLimit | false): void {
    this.rateLimit = limit;
    for (const c of this.open()) c.server.setRateLimit(limit);
  }

  /** Back to a server that behaves, between checks (the frames a check queued for after the next hello stay). */
  resetSwitches(): void {
    this.refuseUntil = 0;
    this.refusal = undefined;
    this.expireNext = 0;
    this.onNextTicket = undefined;
    this.limitRate(false);
  }

  // ---- reading --------------------------------------------------------------------------------------

  /** The client's connections still open. */
  open(): ClientConnection[] {
    return this.connections.filter((c) => c.closedAt === undefined);
  }

  /** Every JSON frame the client sent since `since`, with its connection. */
  framesSince(since: number): { connection: ClientConnection; frame: ClientFrame }[] {
    return this.connections.flatMap((connection) =>
      connection.frames.filter((f) => f.at >= since).map((frame) => ({ connection, frame })),
    );
  }

  /** Resolves with `probe()`'s first defined value, re-tried on every observation, or undefined after `timeoutMs`. */
  waitFor<T>(probe: () => T | undefined, timeoutMs: number): Promise<T | undefined> {
    const first = probe();
    if (first !== undefined) return Promise.resolve(first);
    return new Promise((resolve) => {
      const listener = () => {
        const value = probe();
        if (value !== undefined) done(value);
      };
      const timer = setTimeout(() => done(undefined), timeoutMs);
      const done = (value: T | undefined) => {
        clearTimeout(timer);
        this.changes.off('change', listener);
        resolve(value);
      };
      this.changes.on('change', listener);
    });
  }

  private connectionOf(server: Connection): ClientConnection | undefined {
    for (let i = this.connections.length - 1; i >= 0; i--)
      if (this.connections[i].server === server) return this.connections[i];
    return undefined;
  }

  private changed(): void {
    this.changes.emit('change');
  }
}
