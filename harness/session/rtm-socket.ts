import WebSocket from 'ws';
import { HarnessError } from '../errors.js';
import { type TlsOptions, tlsConnectOptions } from './http-client.js';
import { type FrameKind, type FrameOf, type RtmFrame, as, readFrame } from '../protocol/frames.js';
import { IdSource } from '../protocol/ids.js';
import type { Transcript } from './transcript.js';

export type Frame = Record<string, unknown>;

/**
 * What a verifier reads: frames, the close, and its own timeouts are all events (h2spec's style). A frame is
 * read once, as it arrives: `rtm` is its kind on the page, typed (harness/protocol/frames.ts).
 */
export type ConnectionEvent =
  | { kind: 'frame'; frame: Frame; rtm: RtmFrame; bytes: number; at: number }
  | { kind: 'unparsable'; text: string; at: number }
  | { kind: 'closed'; code: number; reason: string; at: number }
  | { kind: 'timeout'; at: number };

export interface SocketOptions {
  /** Largest frame accepted from the target; a bigger one ends the connection (default 1 MiB). */
  maxFrameBytes?: number;
  /** For the upgrade; default 10 s. */
  handshakeTimeoutMs?: number;
  /**
   * What answers the harness kept in memory: replies (acks, errors, pongs), hello, error and goodbye events, the
   * close (default 20 000 events and 4 MiB, each event counted as its frame's bytes plus EVENT_OVERHEAD_BYTES).
   * Past a bound the oldest go, but the first HEAD_EVENTS of the connection.
   */
  maxEvents?: number;
  maxEventBytes?: number;
  /**
   * Apart from those, and each bounded on its own so that a flood of one cannot push out the others: the other
   * events the page describes (message, presence_change, user_typing; default the latest 400, at most a quarter
   * of maxEventBytes), and events of unknown types and unparsable frames (default the latest 200, at most an
   * eighth). Small on purpose: under a flood, events kept longer survive the young generation and V8 starts
   * allocating them in the old one (1000 of each took a flooded run from 160 MB to 230-260 MB peak RSS). Waits
   * see every event as it arrives; `position` counts them all.
   */
  maxBroadcastEvents?: number;
  maxUnknownEvents?: number;
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
/** What an event costs in memory beyond its frame's bytes (the parsed object, its reading), for the byte bound. */
export const EVENT_OVERHEAD_BYTES = 256;
/** The first events of a connection are never dropped: the order hello arrived in is evidence. */
const HEAD_EVENTS = 16;

/** One event kept in memory: its position on the connection, and what it costs. */
interface Kept {
  seq: number;
  event: ConnectionEvent;
  cost: number;
}

/** Events of one kind kept in memory, in arrival order, within their own bounds. */
interface Shelf {
  list: Kept[];
  bytes: number;
  maxEvents: number;
  maxBytes: number;
}

/** The events of `list` at or after position `since` (positions ascend: a binary search). */
function from(list: Kept[], since: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid].seq < since) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Which shelf an event is kept on: what answers the harness, the other events the page describes, the rest. */
function shelfOf(event: ConnectionEvent): 'answers' | 'broadcast' | 'unknown' {
  if (event.kind === 'unparsable') return 'unknown';
  if (event.kind !== 'frame') return 'answers';
  switch (event.rtm.kind) {
    case 'event':
    case 'other':
      return 'unknown';
    case 'message':
    case 'presence_change':
    case 'user_typing':
      return 'broadcast';
    case 'malformed':
      return 'reply_to' in event.rtm.raw ? 'answers' : 'broadcast';
    default:
      return 'answers';
  }
}

/** One RTM WebSocket connection, read as a stream of events with bounded waits. */
export class RtmSocket {
  readonly ids = new IdSource();
  /** Events still in memory, by shelf, each in arrival order (positions ascending, gaps where some were dropped). */
  private readonly shelves: Record<'answers' | 'broadcast' | 'unknown', Shelf>;
  private seq = 0;
  private dropped = 0;
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
    const bytes = options.maxEventBytes ?? 4 * 1024 * 1024;
    const shelf = (maxEvents: number, maxBytes: number): Shelf => ({ list: [], bytes: 0, maxEvents, maxBytes });
    this.shelves = {
      answers: shelf(options.maxEvents ?? 20_000, bytes),
      broadcast: shelf(options.maxBroadcastEvents ?? 400, bytes / 4),
      unknown: shelf(options.maxUnknownEvents ?? 200, bytes / 8),
    };
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
    return this.seq;
  }

  /** Events no longer in memory (the bounds of SocketOptions): a reader of `eventsSince` missed this many in all. */
  get droppedCount(): number {
    return this.dropped;
  }

  /** Every event from `since` on still in memory, in arrival order. */
  eventsSince(since = 0): ConnectionEvent[] {
    const lists = [this.shelves.answers.list, this.shelves.broadcast.list, this.shelves.unknown.list];
    const at = lists.map((list) => from(list, since));
    const out: ConnectionEvent[] = [];
    for (;;) {
      // The earliest of the three next events: a merge of lists already in order.
      let pick = -1;
      for (let k = 0; k < 3; k++)
        if (at[k] < lists[k].length && (pick < 0 || lists[k][at[k]].seq < lists[pick][at[pick]].seq)) pick = k;
      if (pick < 0) return out;
      out.push(lists[pick][at[pick]++].event);
    }
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
    const kept = { seq: this.seq++, event, cost: bytes + EVENT_OVERHEAD_BYTES };
    // The first events of a connection stay whatever they are: the order hello came in is evidence.
    const shelf = this.shelves[kept.seq < HEAD_EVENTS ? 'answers' : shelfOf(event)];
    shelf.list.push(kept);
    shelf.bytes += kept.cost;
    if (shelf.list.length > shelf.maxEvents || shelf.bytes > shelf.maxBytes) this.trim(shelf);
    if (this.waiters.size === 1) for (const waiter of this.waiters) waiter(event);
    else if (this.waiters.size > 1) for (const waiter of [...this.waiters]) waiter(event);
  }

  /**
   * Drops the oldest events of a shelf down to half its bounds at once (amortised O(1) per event under a flood),
   * but the first HEAD_EVENTS of the connection and the newest event (it may be the close).
   */
  private trim(shelf: Shelf): void {
    const { list } = shelf;
    const start = from(list, HEAD_EVENTS);
    let end = start;
    while (
      end < list.length - 1 &&
      (list.length - (end - start) > shelf.maxEvents / 2 || shelf.bytes > shelf.maxBytes / 2)
    ) {
      shelf.bytes -= list[end].cost;
      end += 1;
    }
    list.splice(start, end - start);
    this.dropped += end - start;
  }
}
