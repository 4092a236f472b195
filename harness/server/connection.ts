import type { WebSocket, RawData } from 'ws';
import type { Behaviour, FrameKind, OutgoingFrame } from './behaviour.js';
import type { FixtureUser } from './fixture.js';
import { runDegenerateSocket } from './degenerate-socket.js';
import type { ServerObserver } from './observer.js';
import { type RateLimit, TokenBucket } from './rate-limit.js';
import { formatTs } from '../protocol/ts.js';
import { formatUrls } from '../protocol/url-formatting.js';
import { isValidId } from '../protocol/event-types.js';
import { TsClock } from './ts-clock.js';
import { type Deliverable, type Workspace, presenceEvent } from './workspace.js';
import { RTM_ERRORS, type RtmErrorName } from './rtm-errors.js';

export interface ConnectionOptions {
  user: FixtureUser;
  batchPresenceAware: boolean;
  queued: object[];
  maxMessageBytes: number;
  rateLimit: RateLimit | false;
  maxConnectionMs: number;
  goodbyeLeadMs: number;
  random: () => number;
  /** The token the connection's rtm.connect used. */
  token?: string;
  observer?: ServerObserver;
}

type Frame = Record<string, unknown>;

/** One client on the message server: hello, then a reply (or none) to every frame it sends. */
export class Connection implements Deliverable {
  readonly user: FixtureUser;
  readonly batchPresenceAware: boolean;
  readonly presenceSubscriptions = new Set<string>();
  private readonly counters = new Map<FrameKind, number>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private bucket: TokenBucket | undefined;
  private readonly ownClock = new TsClock();
  private unknownSeen = 0;
  private acks = 0;
  private closed = false;

  constructor(
    private readonly ws: WebSocket,
    private readonly workspace: Workspace,
    private readonly behaviour: Behaviour,
    private readonly options: ConnectionOptions,
  ) {
    this.user = options.user;
    this.batchPresenceAware = options.batchPresenceAware;
    const limit = behaviour.forcedRateLimit ?? options.rateLimit;
    this.bucket = limit ? new TokenBucket(limit) : undefined;
  }

  start(): void {
    if (this.behaviour.socketMode !== 'rtm') return this.startDegenerate();
    for (const frame of this.behaviour.beforeHello) this.emit('event', frame);
    if (this.behaviour.sendHello) this.emit('hello', { type: 'hello' });
    this.chatter();
    const queued = this.behaviour.queuedEvents === 'dropped' ? [] : (this.options.queued as Frame[]);
    for (const event of this.behaviour.queuedEvents === 'twice' ? [...queued, ...queued] : queued)
      this.emit('event', event);
    this.workspace.add(this);
    this.ws.on('message', (data, isBinary) => this.receive(data, isBinary));
    if (this.options.observer?.onClientPing) this.ws.on('ping', () => this.options.observer?.onClientPing?.(this));
    this.ws.on('close', () => this.dispose());
    this.ws.on('error', () => this.dispose());
    this.later(this.options.maxConnectionMs, () => this.goodbye());
  }

  /** The vacuity matrix's dead targets: nothing an RTM client could use. */
  private startDegenerate(): void {
    this.ws.on('close', () => this.dispose());
    this.ws.on('error', () => this.dispose());
    runDegenerateSocket(this.ws, this.behaviour.socketMode);
  }

  /** The token its rtm.connect used. */
  get token(): string | undefined {
    return this.options.token;
  }

  /** Sends any frame as is (client mode: unknown events, stale replies). */
  sendFrame(frame: Frame): void {
    this.write(frame);
  }

  /** Ends the TCP connection at once, as a network failure would. */
  drop(): void {
    this.ws.terminate();
  }

  /** Switches the per-connection rate limit on (or off) from now on. */
  setRateLimit(limit: RateLimit | false): void {
    this.bucket = limit ? new TokenBucket(limit) : undefined;
  }

  /** Sends goodbye, then closes after the configured lead time. */
  goodbye(): void {
    this.emit('goodbye', { type: 'goodbye' });
    this.later(this.options.goodbyeLeadMs, () => this.ws.close(1001, 'goodbye'));
  }

  deliver(event: Frame): void {
    this.emit('event', event);
  }

  private receive(data: RawData, isBinary: boolean): void {
    const bytes = Array.isArray(data) ? data.reduce((n, b) => n + b.length, 0) : (data as Buffer).byteLength;
    this.options.observer?.onClientFrame?.(this, { text: isBinary ? '' : data.toString(), bytes, binary: isBinary });
    // The page: "disconnect any client that sends a message longer than 16 kilobytes ... including JSON syntax".
    const over = this.behaviour.sizeLimitInclusive
      ? bytes > this.options.maxMessageBytes
      : bytes >= this.options.maxMessageBytes;
    if (this.behaviour.enforceSizeLimit && over) {
      if (this.behaviour.sizeLimitClose === 'close-1009') this.ws.close(1009, 'message too long');
      else this.ws.terminate();
      this.dispose();
      return;
    }
    if (isBinary) return this.errorEvent('invalid_frame');
    let frame: unknown;
    try {
      frame = JSON.parse(data.toString());
    } catch {
      return this.errorEvent('invalid_json');
    }
    if (typeof frame !== 'object' || frame === null || Array.isArray(frame)) return this.errorEvent('invalid_json');
    if (this.behaviour.refuseEverything) return this.errorReply(this.idOf(frame as Frame), 'refused');
    this.dispatch(frame as Frame);
  }

  /** Frames without an id, with id 0 or a non-integer id are processed; only their reply is left out. */
  private idOf(frame: Frame): number | undefined {
    return isValidId(frame.id) ? frame.id : undefined;
  }

  private dispatch(frame: Frame): void {
    const id = this.idOf(frame);
    switch (frame.type) {
      case 'message':
        if (!this.limited(id)) this.message(frame, id);
        return;
      case 'typing':
        return this.typing(frame, id);
      case 'ping':
        return this.ping(frame, id);
      case 'presence_sub':
        return this.presenceSub(frame, id);
      case 'presence_query':
        return this.presenceQuery(frame, id);
      default:
        return this.unknown(id);
    }
  }

  /** Applies the rate limit; true when the frame was answered (or the connection ended) instead. */
  private limited(id: number | undefined): boolean {
    const verdict = this.bucket?.take() ?? 'ok';
    if (verdict === 'ok') return false;
    if (verdict === 'disconnect') this.ws.close(1008, 'rate limited');
    else if (this.behaviour.rateLimitReply === 'web-api') this.emit('error-reply', { ok: false, error: 'ratelimited' });
    else this.errorReply(id, 'rate_limited');
    return true;
  }

  private message(frame: Frame, id: number | undefined): void {
    const channel = this.channelFor(frame, id);
    if (!channel) return;
    if (typeof frame.text !== 'string' || frame.text === '') return this.errorReply(id, 'text_missing');
    if (frame.text.length > this.behaviour.maxTextUtf16Units) {
      this.ws.terminate();
      return;
    }
    if (id !== undefined && this.behaviour.idScope === 'user' && this.workspace.idSeenBefore(this.user.id, id)) {
      // The fault: a reused id is taken for a retransmission, acknowledged and discarded.
      this.emit('ack', { ok: true, reply_to: id });
      return;
    }
    const clock = this.behaviour.tsScope === 'channel' ? this.workspace.clockFor(channel) : this.ownClock;
    const { sec, seq } = clock.next();
    const ts = this.behaviour.tsPadding ? formatTs(sec, seq) : `${sec}.${seq}`;
    const text = this.behaviour.urlDetection ? formatUrls(frame.text) : frame.text;
    const ackText = this.behaviour.keepNonBmpInAcks ? text : text.replace(/[\u{10000}-\u{10FFFF}]/gu, '');
    if (id !== undefined)
      this.emit('ack', {
        ok: true,
        reply_to: id,
        ts: this.behaviour.tsType === 'string' ? ts : Number(ts),
        text: ackText,
      });
    if (++this.acks >= this.behaviour.dropAfterAcks) return this.drop();
    const team = this.workspace.fixture.team.id;
    const event: Frame = { type: 'message', channel, user: this.user.id, text, ts, team, source_team: team };
    if (this.behaviour.broadcast) this.workspace.toChannel(channel, event, this);
  }

  private typing(frame: Frame, id: number | undefined): void {
    const channel = this.channelFor(frame, id);
    if (!channel) return;
    if (this.behaviour.replyToTyping && id !== undefined) this.emit('ack', { ok: true, reply_to: id });
    if (this.behaviour.broadcastTyping && this.behaviour.broadcast)
      this.workspace.toChannel(channel, { type: 'user_typing', channel, user: this.user.id }, this);
  }

  private ping(frame: Frame, id: number | undefined): void {
    const pong: Frame = {};
    for (const [key, value] of Object.entries(frame)) {
      if (key === 'id' || key === 'type') continue;
      const flat = value === null || ['string', 'number', 'boolean'].includes(typeof value);
      if (!flat) continue;
      if (this.behaviour.pongEcho === 'strings-only' && typeof value !== 'string') continue;
      pong[key] = value;
    }
    Object.assign(pong, { type: 'pong' }, id !== undefined ? { reply_to: id } : {});
    this.emit('pong', pong);
  }

  private presenceSub(frame: Frame, id: number | undefined): void {
    const ids = this.userIds(frame, id);
    if (!ids) return;
    const added = ids.filter((u) => !this.presenceSubscriptions.has(u));
    // "All subscription requests require the entire subscription list each invocation": replace, not add.
    if (this.behaviour.presenceSubReplace) this.presenceSubscriptions.clear();
    for (const u of ids) this.presenceSubscriptions.add(u);
    this.reportPresence(added);
  }

  private presenceQuery(frame: Frame, id: number | undefined): void {
    const ids = this.userIds(frame, id);
    if (ids) this.reportPresence(ids);
  }

  private reportPresence(userIds: string[]): void {
    const known = userIds.filter((u) => this.workspace.usersById.has(u));
    for (const presence of ['active', 'away'] as const) {
      const group = known.filter((u) => this.workspace.presenceOf(u) === presence);
      if (group.length > 0)
        for (const e of presenceEvent(group, presence, this.batchPresenceAware)) this.emit('event', e);
    }
  }

  private userIds(frame: Frame, id: number | undefined): string[] | undefined {
    const ids = frame.ids;
    if (!Array.isArray(ids) || !ids.every((u) => typeof u === 'string')) return void this.errorReply(id, 'invalid_ids');
    if (ids.length > 500) return void this.errorReply(id, 'too_many_ids');
    return ids as string[];
  }

  private unknown(id: number | undefined): void {
    this.unknownSeen += 1;
    if (this.unknownSeen >= this.behaviour.closeAfterUnknown) {
      this.ws.close(1003, 'unsupported');
      return;
    }
    if (this.behaviour.unknownType === 'error-reply') this.errorReply(id, 'unknown_type');
  }

  private channelFor(frame: Frame, id: number | undefined): string | undefined {
    const channel = typeof frame.channel === 'string' ? this.workspace.channels.get(frame.channel) : undefined;
    if (!channel) return void this.errorReply(id, 'channel_not_found');
    if (!channel.members.includes(this.user.id)) return void this.errorReply(id, 'not_in_channel');
    return channel.id;
  }

  /** An ok:false reply; without a usable id there is nothing to correlate it with, so nothing is sent. */
  private errorReply(id: number | undefined, name: RtmErrorName): void {
    if (id === undefined) return;
    const reply: Frame = { ok: false, reply_to: id, error: this.errorObject(name) };
    if (!this.behaviour.errorRepliesCarryReplyTo) delete reply.reply_to;
    this.emit('error-reply', reply);
  }

  private errorEvent(name: RtmErrorName): void {
    this.emit('error-event', { type: 'error', error: this.errorObject(name) });
  }

  private errorObject(name: RtmErrorName): Frame {
    const { code, msg } = RTM_ERRORS[name];
    return { code: this.behaviour.errorCodeType === 'number' ? code : String(code), msg };
  }

  private emit(kind: FrameKind, frame: Frame): void {
    if (this.behaviour.transforms.length === 0) {
      // The conforming server's hot path: no per-kind counting, no arrays.
      this.write(frame);
      if (this.behaviour.chatty && (kind === 'ack' || kind === 'pong' || kind === 'error-reply')) this.chatter();
      return;
    }
    const nth = (this.counters.get(kind) ?? 0) + 1;
    this.counters.set(kind, nth);
    let outs: OutgoingFrame[] = [{ kind, frame, delayMs: 0 }];
    for (const transform of this.behaviour.transforms) {
      outs = outs.flatMap((o) => transform(o, { nth, random: this.options.random }));
    }
    for (const out of outs) {
      if (out.delayMs > 0) this.later(out.delayMs, () => this.write(out.frame));
      else this.write(out.frame);
    }
    if (kind === 'ack' || kind === 'pong' || kind === 'error-reply') this.chatter();
  }

  /** The `chatty` variation: an event type no client knows, after hello and every reply. */
  private chatter(): void {
    if (this.behaviour.chatty)
      this.write({ type: 'rtm_conformance_unknown_event', detail: { n: this.options.random() } });
  }

  private write(frame: Frame): void {
    if (this.closed || this.ws.readyState !== this.ws.OPEN) return;
    this.ws.send(JSON.stringify(frame));
  }

  private later(ms: number, fn: () => void): void {
    if (this.closed || !Number.isFinite(ms)) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      fn();
    }, ms);
    timer.unref();
    this.timers.add(timer);
  }

  private dispose(): void {
    if (this.closed) return;
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.workspace.remove(this);
  }
}
