import WebSocket from 'ws';
import { HarnessError } from '../errors.js';
import { type TlsOptions, tlsConnectOptions } from './http-client.js';
import { type FrameKind, type FrameOf, type RtmFrame, as, readFrame } from '../protocol/frames.js';
import { IdSource } from '../protocol/ids.js';
import { type ConnectionEvent, EventShelves, type ShelfBounds } from './event-shelves.js';
import type { Transcript } from './transcript.js';

export type Frame = Record<string, unknown>;
export type { ConnectionEvent };

export interface SocketOptions extends ShelfBounds {
  /** Largest frame accepted from the target; a bigger one ends the connection (default 1 MiB). */
  maxFrameBytes?: number;
  /** For the upgrade; default 10 s. */
  handshakeTimeoutMs?: number;
  transcript?: Transcript;
  /** Name in the transcript when a check uses several connections. */
  name?: string;
  tls?: TlsOptions;
  /** Told of every frame that arrives, and of every reply wait that heard nothing at all. */
  health?: SocketHealth;
}

/** A run-wide view of whether the target still answers (see RunHealth). */
export interface SocketHealth {
  /** Any frame arrived. */
  heard(): void;
  /** A ping wait heard nothing at all. */
  silent(detail: string): void;
  /** A reply wait got its reply. */
  answered(): void;
  /** A reply wait ended without its reply while at least FLOOD_FRAMES other frames arrived. */
  flooded(detail: string): void;
  /** The connection was ended because the target sent a frame over the cap. */
  oversized(detail: string): void;
  /** Throws (the run's reason) once nothing sent to the target can be judged: called before each frame sent. */
  assertAnswers(): void;
}

/** Frames that arrive during one unanswered reply wait for it to count as a flood rather than slowness. */
export const FLOOD_FRAMES = 1000;
/** One RTM WebSocket connection, read as a stream of events with bounded waits. */
export class RtmSocket {
  readonly ids = new IdSource();
  /** Events still in memory, bounded (a flood of one kind cannot push out another). */
  private readonly kept: EventShelves;
  private readonly waiters = new Set<(e: ConnectionEvent) => void>();
  private closedEvent: ConnectionEvent | undefined;
  private unparsable = 0;
  /** Set when ws refused a frame over the cap: the close that follows is the harness's, for the target's frame. */
  private oversizedFrame = false;
  readonly name: string;

  private constructor(
    private readonly ws: WebSocket,
    private readonly options: SocketOptions,
  ) {
    this.kept = new EventShelves(options);
    this.name = options.name ?? 'c1';
    ws.on('message', (data, isBinary) => this.onMessage(data as Buffer, isBinary));
    ws.on('close', (code, reason) => this.onClose(code, reason.toString()));
    ws.on('error', (err) => {
      if ((err as { code?: string }).code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') this.oversizedFrame = true;
      this.options.transcript?.add('note', this.name, `socket error: ${err.message}`);
      if (ws.readyState !== WebSocket.CLOSED) ws.terminate();
    });
  }

  /** Opens a socket; rejects with E_HANDSHAKE when the upgrade is refused (e.g. HTTP 404 for a used URL). */
  static open(url: string, options: SocketOptions = {}): Promise<RtmSocket> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, {
        maxPayload: options.maxFrameBytes ?? 1024 * 1024,
        handshakeTimeout: options.handshakeTimeoutMs ?? 10_000,
        perMessageDeflate: false,
        ...tlsConnectOptions(options.tls),
      });
      // Created before the upgrade completes so that no frame sent right after it is missed.
      const socket = new RtmSocket(ws, options);
      const fail = (message: string) => {
        options.transcript?.add('note', socket.name, `handshake failed: ${message}`);
        ws.terminate();
        reject(new HarnessError('E_HANDSHAKE', message));
      };
      ws.once('unexpected-response', (_req, res) => {
        res.resume();
        fail(`upgrade refused with HTTP ${res.statusCode}`);
      });
      ws.once('error', (err) => fail(err.message));
      ws.once('open', () => {
        ws.removeAllListeners('unexpected-response');
        options.transcript?.add('note', socket.name, 'connected');
        resolve(socket);
      });
    });
  }

  get isOpen(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  /**
   * Sends `payload` exactly as given, a text frame (or a binary one); returns the byte length written. Throws
   * (the run's reason) once the run's health says nothing sent to the target gets an answer.
   */
  sendRaw(payload: string | Buffer, binary = false): number {
    this.options.health?.assertAnswers();
    if (!this.isOpen) return 0;
    const text =
      typeof payload === 'string' ? payload : binary ? `<binary ${payload.length} bytes>` : payload.toString();
    this.options.transcript?.add('out', this.name, text);
    this.ws.send(payload, { binary });
    return Buffer.byteLength(payload);
  }

  /** Sends a frame with the next id of this connection; returns the id. */
  send(frame: Frame): number {
    const id = this.ids.next();
    this.sendRaw(JSON.stringify({ id, ...frame }));
    return id;
  }

  /** Frames that were not a JSON object (text or binary): evidence of a target that does not speak RTM. */
  get unparsableCount(): number {
    return this.unparsable;
  }

  /** Whether anything (a frame, garbage, the close) arrived from `since` on. */
  heardSince(since: number): boolean {
    return this.position > since;
  }

  /** Reports a reply wait that heard nothing at all to the run's health. */
  reportSilence(since: number, detail: string): void {
    if (!this.heardSince(since)) this.options.health?.silent(detail);
  }

  /**
   * Reports how a reply wait from `since` ended to the run's health: answered, or unanswered while the target
   * sent FLOOD_FRAMES frames or more (a flood that drowns what the check asked). A plain slow or missing reply
   * is the check's to judge, not the run's.
   */
  reportReplies(since: number, answered: boolean, detail: string): void {
    if (answered) this.options.health?.answered();
    else if (this.position - since >= FLOOD_FRAMES)
      this.options.health?.flooded(`${detail}, while ${this.position - since} other frames arrived`);
  }

  /** The index of the next event to arrive: pass it to `next` to read only what comes after now. */
  get position(): number {
    return this.kept.position;
  }

  /** Events no longer in memory (the bounds of SocketOptions): a reader of `eventsSince` missed this many in all. */
  get droppedCount(): number {
    return this.kept.dropped;
  }

  /** Every event from `since` on still in memory, in arrival order. */
  eventsSince(since = 0): ConnectionEvent[] {
    return this.kept.since(since);
  }

  /** The frames received so far from `since` on. */
  framesSince(since = 0): Frame[] {
    return this.eventsSince(since).flatMap((e) => (e.kind === 'frame' ? [e.frame] : []));
  }

  /**
   * The first event at or after `since` that `match`es, else the close (also one that came before `since`: a
   * closed connection has nothing more to say), else a timeout event. Never rejects, never waits longer than
   * `timeoutMs`.
   */
  async next(match: (e: ConnectionEvent) => boolean, timeoutMs: number, since = 0): Promise<ConnectionEvent> {
    const found = this.eventsSince(since).find((e) => match(e) || e.kind === 'closed');
    if (found) return found;
    if (this.closedEvent) return this.closedEvent;
    return new Promise((resolve) => {
      // From here on only new events are tested, each once: a flooding target costs O(events), not O(events²).
      const waiter = (e: ConnectionEvent) => {
        if (!match(e) && e.kind !== 'closed') return;
        done(e);
      };
      const timer = setTimeout(() => done({ kind: 'timeout', at: performance.now() }), timeoutMs);
      const done = (e: ConnectionEvent) => {
        clearTimeout(timer);
        this.waiters.delete(waiter);
        resolve(e);
      };
      this.waiters.add(waiter);
    });
  }

  /** The next frame matching `match`: the frame, or 'closed' / 'timeout'. */
  async nextFrame(match: (f: Frame) => boolean, timeoutMs: number, since = 0): Promise<Frame | 'closed' | 'timeout'> {
    const e = await this.next((ev) => ev.kind === 'frame' && match(ev.frame), timeoutMs, since);
    return e.kind === 'frame' ? e.frame : e.kind === 'closed' ? 'closed' : 'timeout';
  }

  /** The next well-formed frame of `kind` (and matching `match`): typed, or 'closed' / 'timeout'. */
  async nextOf<K extends FrameKind>(
    kind: K,
    timeoutMs: number,
    since = 0,
    match: (f: FrameOf<K>) => boolean = () => true,
  ): Promise<FrameOf<K> | 'closed' | 'timeout'> {
    const e = await this.next(
      (ev) => ev.kind === 'frame' && ev.rtm.kind === kind && match(as(ev.rtm, kind)!),
      timeoutMs,
      since,
    );
    return e.kind === 'frame' ? as(e.rtm, kind)! : e.kind === 'closed' ? 'closed' : 'timeout';
  }

  /** Every frame from `since` on, as read when it arrived. */
  readsSince(since = 0): RtmFrame[] {
    return this.eventsSince(since).flatMap((e) => (e.kind === 'frame' ? [e.rtm] : []));
  }

  /** Sends a frame and waits for the first frame whose reply_to is its id: the frame, and how it reads. */
  async request(
    frame: Frame,
    timeoutMs: number,
  ): Promise<{ id: number; reply: Frame | 'closed' | 'timeout'; read?: RtmFrame }> {
    const since = this.position;
    const id = this.send(frame);
    const event = await this.next((ev) => ev.kind === 'frame' && ev.frame.reply_to === id, timeoutMs, since);
    const reply = event.kind === 'frame' ? event.frame : event.kind === 'closed' ? 'closed' : 'timeout';
    // A ping is RTM's liveness question: only an unanswered one (and nothing else heard) counts against the target.
    // A target that never acks messages but answers pings (slacktest) is judged by the checks, not declared gone.
    if (reply === 'timeout' && frame.type === 'ping')
      this.reportSilence(since, `no frame within ${timeoutMs} ms of a ping`);
    if (reply !== 'closed')
      this.reportReplies(since, reply !== 'timeout', `no reply within ${timeoutMs} ms to a ${String(frame.type)}`);
    return { id, reply, read: event.kind === 'frame' ? event.rtm : undefined };
  }

  /** Resolves once the connection is closed, or with false after `timeoutMs`. */
  async waitClosed(timeoutMs: number): Promise<{ code: number; reason: string } | false> {
    const e = await this.next(() => false, timeoutMs);
    return e.kind === 'closed' ? { code: e.code, reason: e.reason } : false;
  }

  close(): void {
    if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING) this.ws.close(1000);
    const timer = setTimeout(() => this.ws.terminate(), 1000);
    timer.unref();
  }

  terminate(): void {
    this.ws.terminate();
  }

  private onMessage(data: Buffer, isBinary: boolean): void {
    const at = performance.now();
    this.options.health?.heard();
    const text = isBinary ? `<binary ${data.length} bytes>` : data.toString('utf8');
    this.options.transcript?.add('in', this.name, text);
    let event: ConnectionEvent;
    try {
      const parsed: unknown = isBinary ? undefined : JSON.parse(text);
      event =
        typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
          ? { kind: 'frame', frame: parsed as Frame, rtm: readFrame(parsed as Frame), bytes: data.length, at }
          : { kind: 'unparsable', text: text.slice(0, 200), at };
    } catch {
      event = { kind: 'unparsable', text: text.slice(0, 200), at };
    }
    if (event.kind === 'unparsable') this.unparsable += 1;
    this.push(event);
  }

  private onClose(code: number, reason: string): void {
    if (this.closedEvent) return;
    const why = this.oversizedFrame
      ? `the target sent a frame over ${this.options.maxFrameBytes ?? 1024 * 1024} bytes (--max-frame-bytes)`
      : reason;
    this.options.transcript?.add('note', this.name, `closed ${code}${why ? ` ${why}` : ''}`);
    this.closedEvent = { kind: 'closed', code, reason: why, at: performance.now() };
    this.push(this.closedEvent, 0);
    if (this.oversizedFrame) this.options.health?.oversized(`connection ${this.name}: ${why}`);
  }

  private push(event: ConnectionEvent, bytes = event.kind === 'frame' ? event.bytes : 0): void {
    this.kept.push(event, bytes);
    if (this.waiters.size === 1) for (const waiter of this.waiters) waiter(event);
    else if (this.waiters.size > 1) for (const waiter of [...this.waiters]) waiter(event);
  }
}
