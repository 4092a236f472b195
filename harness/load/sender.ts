import { monitorEventLoopDelay } from 'node:perf_hooks';
import WebSocket from 'ws';
import { tlsConnectOptions } from '../session/http-client.js';
import {
  type IntervalSample,
  type Progress,
  type SenderConfig,
  type StepResult,
  emptyCounters,
} from './sender-types.js';
import { rtmConnect } from '../session/rtm-connect.js';
import { encode, newHistogram, recordMs } from './histograms.js';
import { type Step, connectionFor, dueMs } from './schedule.js';
import { Pacer } from './pacer.js';
import { DeliveryTracker } from './delivery/tracker.js';
import { okAckId } from './ack-scan.js';
import { PendingMessages } from './pending.js';

const LOOP_DELAY_EVERY_MS = 20;
/** How long a step waits, once every message is answered, for duplicates of the last acks. */
const DRAIN_SETTLE_MS = 25;

interface Corkable {
  cork(): void;
  uncork(): void;
  writableCorked: number;
}

interface Conn {
  ws: WebSocket | undefined;
  lastId: number;
  pending: PendingMessages;
  expired: Set<number>;
  reconnecting: boolean;
}

/**
 * The open-model sender: message i of a step is due at T0 + i/rate and goes out on connection i mod n
 * paced by the Pacer (lean or spin), never waiting for replies. Acks are matched by reply_to in any
 * order. Latency is taken from the due time (corrected for coordinated omission) and from the send
 * time (raw); recordValueWithExpectedInterval is never applied on top, which would correct twice.
 */
export class OpenModelSender {
  private readonly conns: Conn[] = [];
  private counters = emptyCounters();
  private corrected = newHistogram();
  private raw = newHistogram();
  private sendLag = newHistogram();
  private intervalCorrected = newHistogram();
  private intervalRaw = newHistogram();
  private recording = false;
  private stopped = false;
  /** Waits for each due time (see Pacer); started with the connections so that its start-up is not measured. */
  private pacer: Pacer | undefined;
  /** Messages sent and neither answered nor given up on, over all connections. */
  private inFlight = 0;
  /** The channel as a JSON string, once: the send loop builds every frame from a template. */
  private readonly channelJson: string;
  /** A fan-out load: the message texts and the members' receipts (see DeliveryTracker). */
  private readonly delivery: DeliveryTracker | undefined;

  constructor(
    private readonly config: SenderConfig,
    private readonly onProgress: (p: Progress) => void = () => undefined,
    /** Told when a measured step begins (its index), so the hiccup meter can follow. */
    private readonly onStep: (step: number) => void = () => undefined,
  ) {
    this.channelJson = JSON.stringify(config.channel);
    this.delivery = config.delivery && new DeliveryTracker(config.delivery, config.replyTimeoutMs, config.steps.length);
  }

  async open(): Promise<void> {
    this.pacer = new Pacer(this.config.schedule ?? 'lean', () => this.inFlight === 0);
    await this.pacer.ready;
    for (let k = 0; k < this.config.connections; k++) {
      const conn: Conn = {
        ws: undefined,
        lastId: 0,
        pending: new PendingMessages(),
        expired: new Set(),
        reconnecting: false,
      };
      this.conns.push(conn);
    }
    // A few at a time: rtm.connect is rate limited on real servers.
    for (let k = 0; k < this.conns.length; k += 8)
      await Promise.all(this.conns.slice(k, k + 8).map((c, j) => this.connect(c, k + j)));
  }

  async run(): Promise<StepResult[]> {
    await this.delivery?.connected();
    if (this.config.warmupSec > 0) {
      this.recording = false;
      this.delivery?.beginStep(-1);
      await this.runStep({ rate: this.config.steps[0].rate, durationSec: this.config.warmupSec }, -1);
    }
    const results: StepResult[] = [];
    for (const [n, step] of this.config.steps.entries()) {
      this.reset();
      this.recording = true;
      this.onStep(n);
      this.delivery?.beginStep(n);
      results.push(await this.runStep(step, n));
    }
    if (this.delivery && !this.stopped) await this.delivery.finished(this.config.replyTimeoutMs);
    results.forEach((r, n) => {
      r.delivery = this.delivery?.result(n);
    });
    return results;
  }

  /** Drops this fraction of the connections abruptly (`load --at T:drop=P%`); each reconnects as onClose says. */
  drop(fraction: number): void {
    for (const c of this.conns.slice(0, Math.round(this.conns.length * fraction))) c.ws?.terminate();
  }

  close(): void {
    this.stopped = true;
    this.pacer?.stop();
    for (const c of this.conns) c.ws?.terminate();
  }

  /**
   * Sends messages first to last, holding each socket's writes until all are sent (ws writes each frame on its
   * own): messages due together leave in one system call per connection. Only the sockets used are corked,
   * and a single message none.
   */
  private sendBatch(first: number, end: number, t0: number, rate: number): void {
    if (end - first === 1) return this.sendOne(first, t0 + dueMs(first, rate));
    const corked: Corkable[] = [];
    for (let i = first; i < end; i++) {
      const socket = (
        this.conns[connectionFor(i, this.conns.length)].ws as unknown as { _socket?: Corkable } | undefined
      )?._socket;
      if (socket && !socket.writableCorked) {
        socket.cork();
        corked.push(socket);
      }
      this.sendOne(i, t0 + dueMs(i, rate));
    }
    for (const socket of corked) socket.uncork();
  }

  private reset(): void {
    this.counters = emptyCounters();
    for (const h of [this.corrected, this.raw, this.sendLag, this.intervalCorrected, this.intervalRaw]) h.reset();
  }

  private async runStep(step: Step, index: number): Promise<StepResult> {
    const total = Math.round(step.rate * step.durationSec);
    // Sampled every LOOP_DELAY_EVERY_MS (a 1 ms sampler alone would wake the loop a thousand times a second).
    const loopDelay = monitorEventLoopDelay({ resolution: LOOP_DELAY_EVERY_MS });
    loopDelay.enable();
    const intervals: IntervalSample[] = [];
    let lastInterval = { t: 0, sent: 0, acked: 0 };
    const t0 = performance.now();
    const pacer = this.pacer!;
    let i = 0;
    let lastSend = t0;
    await new Promise<void>((resolve) => {
      const loop = () => {
        const now = performance.now();
        const elapsed = now - t0;
        const first = i;
        while (i < total && dueMs(i, step.rate) <= elapsed) i += 1;
        if (i > first) this.sendBatch(first, i, t0, step.rate);
        // A turn for an interval's end may send nothing: it does not move the last send.
        if (i > first) lastSend = performance.now();
        if (elapsed >= (lastInterval.t + 1) * 1000) {
          lastInterval = this.closeInterval(intervals, lastInterval, index);
          this.sweep(now);
        }
        if (i >= total || this.stopped) return resolve();
        pacer.at(t0 + Math.min(dueMs(i, step.rate), (lastInterval.t + 1) * 1000), loop);
      };
      loop();
    });
    // Drain: wait for outstanding acks up to the reply timeout, then count the rest missing.
    const drainUntil = performance.now() + this.config.replyTimeoutMs;
    while (this.inFlight > 0 && performance.now() < drainUntil && !this.stopped)
      await new Promise((r) => setTimeout(r, 5));
    // Then stragglers: a duplicate of one of the last acks is counted in this step, not lost between steps.
    if (!this.stopped) await new Promise((r) => setTimeout(r, DRAIN_SETTLE_MS));
    this.closeInterval(intervals, lastInterval, index);
    this.sweep(Number.POSITIVE_INFINITY);
    loopDelay.disable();
    return {
      rate: step.rate,
      durationSec: step.durationSec,
      elapsedSec: (performance.now() - t0) / 1000,
      sendingSec: (lastSend - t0) / 1000,
      counters: { ...this.counters, errorsByCode: { ...this.counters.errorsByCode } },
      corrected: encode(this.corrected),
      raw: encode(this.raw),
      sendLag: encode(this.sendLag),
      // Node records the whole interval between samples: the delay is what exceeds the sampling period.
      eventLoopDelayP99Ms: Math.max(0, loopDelay.percentile(99) / 1e6 - LOOP_DELAY_EVERY_MS),
      intervals,
    };
  }

  private closeInterval(intervals: IntervalSample[], last: { t: number; sent: number; acked: number }, step: number) {
    const t = last.t + 1;
    // The step's histograms are the sum of its seconds' (lossless: same bucket layout).
    this.corrected.add(this.intervalCorrected);
    this.raw.add(this.intervalRaw);
    if (this.recording) {
      const interval: IntervalSample = {
        t,
        sent: this.counters.sent - last.sent,
        acked: this.counters.acked - last.acked,
        corrected: encode(this.intervalCorrected),
        raw: encode(this.intervalRaw),
      };
      intervals.push(interval);
      this.onProgress({
        step,
        elapsedSec: t,
        sent: this.counters.sent,
        acked: this.counters.acked,
        errors: Object.values(this.counters.errorsByCode).reduce((a, b) => a + b, 0) + this.counters.missing,
        correctedP99Us: this.corrected.totalCount ? this.corrected.getValueAtPercentile(99) : 0,
        // For --metrics (metrics-server.ts): what the step counted so far, this second's latency, open sockets.
        counters: { ...this.counters, errorsByCode: { ...this.counters.errorsByCode } },
        interval,
        openConnections: this.conns.filter((c) => c.ws?.readyState === WebSocket.OPEN).length,
        delivery: this.delivery?.progress(step),
      });
    }
    this.intervalCorrected.reset();
    this.intervalRaw.reset();
    return { t, sent: this.counters.sent, acked: this.counters.acked };
  }

  private sendOne(i: number, due: number): void {
    const conn = this.conns[connectionFor(i, this.conns.length)];
    if (!conn.ws || conn.ws.readyState !== WebSocket.OPEN) {
      if (this.recording) this.counters.unsent += 1;
      return;
    }
    conn.lastId += 1;
    const sentMs = performance.now();
    conn.pending.add(conn.lastId, due, sentMs);
    this.inFlight += 1;
    conn.ws.send(
      this.delivery
        ? this.delivery.frame(conn.lastId, i, due, sentMs)
        : `{"id":${conn.lastId},"type":"message","channel":${this.channelJson},"text":"load ${i}"}`,
    );
    if (!this.recording) return;
    this.counters.sent += 1;
    recordMs(this.sendLag, sentMs - due);
  }

  private onFrame(conn: Conn, data: WebSocket.RawData): void {
    const ackMs = performance.now();
    // Most frames are plain ok acks: their reply_to is read off the bytes (ack-scan.ts); the rest are parsed.
    const quick = Buffer.isBuffer(data) ? okAckId(data) : -1;
    if (quick > 0) return this.onReply(conn, quick, ackMs, undefined);
    let frame: { reply_to?: unknown; ok?: unknown; error?: { code?: unknown }; [key: string]: unknown };
    try {
      frame = JSON.parse(data.toString());
    } catch {
      return;
    }
    if (this.delivery && frame?.type === 'message') return this.delivery.receive(conn, frame, ackMs);
    if (typeof frame !== 'object' || frame === null || typeof frame.reply_to !== 'number') return;
    this.onReply(conn, frame.reply_to, ackMs, frame);
  }

  /** A reply to message `id` of `conn`, read at `ackMs`; `frame` is the parsed reply (undefined: a plain ok ack). */
  private onReply(
    conn: Conn,
    id: number,
    ackMs: number,
    frame: { ok?: unknown; error?: { code?: unknown } } | undefined,
  ): void {
    const p = conn.pending;
    if (!p.take(id)) {
      if (!this.recording) return;
      if (conn.expired.delete(id)) this.counters.late += 1;
      else if (id > 0 && id <= conn.lastId) this.counters.duplicates += 1;
      else this.counters.unknown += 1;
      return;
    }
    this.inFlight -= 1;
    if (!this.recording) return;
    this.counters.acked += 1;
    if (frame?.ok === false) {
      const code = String(frame.error?.code ?? 'none');
      if (code === '-1') this.counters.rateLimited += 1;
      this.counters.errorsByCode[code] = (this.counters.errorsByCode[code] ?? 0) + 1;
    }
    // Into this second's histograms only: closeInterval adds them to the step's (two records an ack, not four).
    recordMs(this.intervalCorrected, ackMs - p.dueMs);
    recordMs(this.intervalRaw, ackMs - p.sentMs);
  }

  /** Messages unanswered past the reply timeout become missing (kept a while to tell late acks apart). */
  private sweep(now: number): void {
    for (const conn of this.conns) {
      conn.pending.expire(now - this.config.replyTimeoutMs, (id) => {
        this.inFlight -= 1;
        if (conn.expired.size > 100_000) conn.expired.clear();
        conn.expired.add(id);
        if (this.recording) this.counters.missing += 1;
      });
    }
  }

  private async connect(conn: Conn, k: number): Promise<void> {
    const token = this.config.tokens[k % this.config.tokens.length];
    const { url } = await rtmConnect({ apiUrl: this.config.apiUrl, token, tls: this.config.tls });
    await new Promise<void>((resolve, reject) => {
      const ws = new WebSocket(url, {
        perMessageDeflate: false,
        maxPayload: this.config.maxFrameBytes,
        handshakeTimeout: 10_000,
        ...tlsConnectOptions(this.config.tls),
      });
      const timer = setTimeout(() => reject(new Error('no hello within 10 s')), 10_000);
      ws.once('message', () => {
        clearTimeout(timer);
        conn.ws = ws;
        ws.on('message', (d) => this.onFrame(conn, d));
        resolve();
      });
      ws.once('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
      ws.on('close', () => this.onClose(conn, k, ws));
    });
  }

  private onClose(conn: Conn, k: number, ws: WebSocket): void {
    if (conn.ws !== ws || this.stopped) return;
    conn.ws = undefined;
    if (this.recording) this.counters.disconnects += 1;
    if (conn.reconnecting) return;
    conn.reconnecting = true;
    // Reconnect as a client would: a fresh rtm.connect; one attempt a second, while the run lasts.
    const attempt = () => {
      if (this.stopped) return;
      this.connect(conn, k)
        .then(() => {
          conn.reconnecting = false;
          if (this.recording) this.counters.reconnects += 1;
        })
        .catch(() => setTimeout(attempt, 1000).unref());
    };
    attempt();
  }
}
