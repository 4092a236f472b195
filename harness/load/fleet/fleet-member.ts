import WebSocket from 'ws';
import { tlsConnectOptions } from '../../session/http-client.js';
import { encode, newHistogram, recordMs } from '../histograms.js';
import { ConnectCaller } from './connect-call.js';
import {
  type FleetCounts,
  type FleetMemberConfig,
  type FleetMemberReport,
  type StormPart,
  emptyFleetCounts,
} from './fleet-types.js';

/** Told every frame a fleet connection receives (a delivery recorder attaches here): its global index and the frame. */
export type FrameHook = (connection: number, frame: { type?: unknown; [k: string]: unknown }) => void;

/** One idle connection: kept small, there are thousands per process. */
interface Member {
  k: number;
  ws: WebSocket | undefined;
  address: number;
  pingId: number;
  pingAt: number;
  /** The storm this connection last went down in (0: none), and whether it is still down in it. */
  storm: number;
  downInStorm: boolean;
  queued: boolean;
}

const HELLO_MS = 10_000;
const RETRY_MS = 1000;
const PING_TICK_MS = 100;

/**
 * A share of the fleet in one process: idle connections opened at a pace through rtm.connect, each pinging every
 * ping interval (pong latency recorded), reconnecting as a client does when dropped or said goodbye to. A storm
 * (`mark`) records, for each connection down after it, how long until its next hello.
 */
export class FleetMember {
  readonly counts: FleetCounts = emptyFleetCounts();
  private readonly members: Member[] = [];
  private readonly queue: Member[] = [];
  private readonly caller: ConnectCaller;
  private readonly connectLatency = newHistogram();
  private readonly pongLatency = newHistogram();
  private readonly failuresByReason: Record<string, number> = {};
  private readonly storms: StormPart[] = [];
  private storm: { part: StormPart; t0: number } | undefined;
  /** Every storm by id: a connection down in one is timed in it even once a later event has begun another. */
  private readonly stormsById = new Map<number, { part: StormPart; t0: number }>();
  private active = 0;
  private stopped = false;
  private readonly timers = new Set<NodeJS.Timeout>();
  private pingCursor = 0;
  /** Pings owed so far, fractional: every connection once per interval whatever the tick and the count. */
  private pingDebt = 0;
  private pingTimer: NodeJS.Timeout | undefined;
  private openTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly config: FleetMemberConfig,
    private readonly onFrame?: FrameHook,
  ) {
    this.caller = new ConnectCaller(config.apiUrl, config.concurrency, config.tls);
    for (let j = 0; j < config.connections; j++) {
      const k = config.firstIndex + j;
      // The first address's share lets the OS choose (connect() picks a port per destination, a bind() cannot).
      const address = config.sourceAddresses.length
        ? Math.min(Math.floor(k / config.perAddress), config.sourceAddresses.length - 1)
        : -1;
      this.members.push({
        k,
        ws: undefined,
        address,
        pingId: 0,
        pingAt: 0,
        storm: 0,
        downInStorm: false,
        queued: false,
      });
    }
  }

  /** Opens every connection at the configured pace; resolves once each has been tried (not necessarily held). */
  open(): Promise<void> {
    const t0 = performance.now();
    let next = 0;
    this.pingTimer = setInterval(() => this.pingSome(), PING_TICK_MS);
    return new Promise((resolve) => {
      const release = () => {
        const due = Math.min(
          this.members.length,
          Math.floor(((performance.now() - t0) / 1000) * this.config.connectRatePerSec) + 1,
        );
        while (next < due) this.enqueue(this.members[next++]);
        if (next >= this.members.length || this.stopped) {
          clearInterval(this.openTimer);
          resolve();
        }
      };
      this.openTimer = setInterval(release, 10);
      release();
    });
  }

  /** A storm begins now: connections that go down from here on are timed until they are back. */
  mark(id: number): void {
    this.storm = { part: { id, down: 0, backMs: [] }, t0: performance.now() };
    this.storms.push(this.storm.part);
    this.stormsById.set(id, this.storm);
  }

  /** Drops this fraction of the held connections abruptly (no close frame), as a network failure would. */
  drop(id: number, fraction: number): void {
    this.mark(id);
    const held = this.members.filter((m) => m.ws?.readyState === WebSocket.OPEN);
    for (const m of held.slice(0, Math.round(held.length * fraction))) {
      const ws = m.ws!;
      this.down(m);
      // A reset, not a FIN: no TIME_WAIT left on this side, so the storm measures the target, not our ports.
      (ws as unknown as { _socket?: { resetAndDestroy?: () => void } })._socket?.resetAndDestroy?.();
      ws.terminate();
    }
  }

  report(): FleetMemberReport {
    for (const s of this.storms) s.backMs.sort((a, b) => a - b);
    return {
      counts: { ...this.counts },
      connectLatency: encode(this.connectLatency),
      pongLatency: encode(this.pongLatency),
      storms: this.storms,
      failuresByReason: { ...this.failuresByReason },
    };
  }

  stop(): void {
    this.stopped = true;
    clearInterval(this.pingTimer);
    clearInterval(this.openTimer);
    for (const t of this.timers) clearTimeout(t);
    for (const m of this.members) m.ws?.terminate();
    this.caller.close();
  }

  private enqueue(m: Member): void {
    if (m.queued || this.stopped) return;
    m.queued = true;
    this.queue.push(m);
    this.pump();
  }

  private pump(): void {
    while (this.active < this.config.concurrency && this.queue.length > 0 && !this.stopped) {
      const m = this.queue.shift()!;
      m.queued = false;
      this.active += 1;
      void this.attempt(m).finally(() => {
        this.active -= 1;
        this.pump();
      });
    }
  }

  private later(ms: number, f: () => void): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      f();
    }, ms);
    this.timers.add(t);
  }

  private fail(m: Member, reason: string): void {
    this.counts.failures += 1;
    this.failuresByReason[reason] = (this.failuresByReason[reason] ?? 0) + 1;
    this.later(RETRY_MS, () => this.enqueue(m));
  }

  private async attempt(m: Member): Promise<void> {
    const started = performance.now();
    this.counts.rtmConnectCalls += 1;
    const answer = await this.caller.call(this.config.tokens[m.k % this.config.tokens.length]);
    if (this.stopped) return;
    if (answer.kind === 'rate-limited') {
      this.counts.rateLimited += 1;
      return this.later(answer.retryAfterMs, () => this.enqueue(m));
    }
    if (answer.kind === 'failed') return this.fail(m, answer.reason);
    const outcome = await this.handshake(m, answer.url);
    if (outcome !== 'ok') return this.fail(m, outcome);
    recordMs(this.connectLatency, performance.now() - started);
  }

  /** Opens the socket and waits for hello: 'ok', or why not. */
  private handshake(m: Member, url: string): Promise<string> {
    const addresses = this.config.sourceAddresses;
    const ws = new WebSocket(url, {
      perMessageDeflate: false,
      maxPayload: this.config.maxFrameBytes,
      handshakeTimeout: HELLO_MS,
      ...(m.address > 0 ? { localAddress: addresses[m.address] } : {}),
      ...tlsConnectOptions(this.config.tls),
    });
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        ws.terminate();
        resolve('no hello within 10 s');
      }, HELLO_MS);
      ws.once('message', (data) => {
        clearTimeout(timer);
        if (this.stopped) return resolve('stopped');
        m.ws = ws;
        this.counts.held += 1;
        this.counts.opened += 1;
        const storm = m.downInStorm ? this.stormsById.get(m.storm) : undefined;
        storm?.part.backMs.push(performance.now() - storm.t0);
        m.downInStorm = false;
        m.pingAt = 0;
        ws.on('message', (d) => this.frame(m, d));
        this.frame(m, data);
        resolve('ok');
      });
      ws.once('error', (e: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        if (e.code === 'EADDRNOTAVAIL' && m.address >= 0) {
          // This source address has no ephemeral port left towards the target: the next one carries on.
          this.counts.addressesExhausted += 1;
          m.address = (m.address + 1) % addresses.length;
        }
        resolve(`handshake ${e.code ?? 'error'}`);
      });
      ws.on('close', () => {
        clearTimeout(timer);
        if (m.ws !== ws) return resolve('closed before hello');
        // A client reconnects at once with a fresh rtm.connect (down queues it; the queue bounds how many at a time).
        this.down(m);
        this.counts.lost += 1;
      });
    });
  }

  /** The connection is gone (dropped by the harness or the target): counted in the storm under way. */
  private down(m: Member): void {
    if (!m.ws) return;
    m.ws = undefined;
    this.counts.held -= 1;
    if (this.storm && m.storm !== this.storm.part.id) {
      m.storm = this.storm.part.id;
      m.downInStorm = true;
      this.storm.part.down += 1;
    }
    if (this.stopped) return;
    this.enqueue(m);
  }

  private frame(m: Member, data: WebSocket.RawData): void {
    let frame: { type?: unknown; reply_to?: unknown };
    try {
      frame = JSON.parse(data.toString());
    } catch {
      return;
    }
    if (typeof frame !== 'object' || frame === null) return;
    if (frame.type === 'message') this.counts.messages += 1;
    else if (frame.type === 'pong' && frame.reply_to === m.pingId && m.pingAt > 0) {
      this.counts.pongs += 1;
      recordMs(this.pongLatency, performance.now() - m.pingAt);
      m.pingAt = 0;
    } else if (frame.type === 'goodbye') {
      // As clients do: a fresh connection now rather than waiting for the server to close this one.
      this.counts.goodbyes += 1;
      const ws = m.ws;
      this.down(m);
      ws?.terminate();
    }
    this.onFrame?.(m.k, frame);
  }

  /** Each tick pings the slice of connections whose turn it is: every connection once per ping interval, spread evenly. */
  private pingSome(): void {
    const n = this.members.length;
    if (n === 0) return;
    this.pingDebt += (n * PING_TICK_MS) / this.config.pingIntervalMs;
    const count = Math.min(n, Math.floor(this.pingDebt));
    this.pingDebt -= count;
    const now = performance.now();
    for (let j = 0; j < count; j++) {
      const m = this.members[this.pingCursor];
      this.pingCursor = (this.pingCursor + 1) % n;
      if (!m.ws || m.ws.readyState !== WebSocket.OPEN) continue;
      if (m.pingAt > 0) this.counts.pongsMissing += 1;
      m.pingId += 1;
      m.pingAt = now;
      this.counts.pings += 1;
      m.ws.send(`{"id":${m.pingId},"type":"ping"}`);
    }
  }
}
