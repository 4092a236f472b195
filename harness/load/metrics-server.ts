import { type Server, createServer } from 'node:http';
import { Counter, Gauge, Registry } from 'prom-client';
import { HarnessError } from '../errors.js';
import { type Histogram, hdr, newHistogram } from './histograms.js';
import type { LoadOptions } from './run-load.js';
import type { Counters, Progress } from './sender-types.js';
import { DeliveryMetrics } from './delivery/live-metrics.js';

/** What run-load hands on from each sender thread, once a second. */
export type WorkerProgress = Progress & { totalSteps: number; worker: number };

const QUANTILES = [0.5, 0.9, 0.99, 0.999, 1];
/** Counters → `rtm_load_<name>_total`; errorsByCode has its own, labelled by code. */
const COUNTED: [keyof Omit<Counters, 'errorsByCode'>, string, string][] = [
  ['sent', 'messages_sent', 'messages sent'],
  ['acked', 'acks', 'messages answered (ok or not)'],
  ['missing', 'missing', 'messages unanswered past the reply timeout'],
  ['duplicates', 'duplicate_acks', 'second replies to one message'],
  ['unknown', 'unknown_acks', 'replies naming an id never sent on their connection'],
  ['late', 'late_acks', 'replies after the reply timeout (already counted missing)'],
  ['rateLimited', 'rate_limited', 'rate-limit replies'],
  ['unsent', 'unsent', 'messages due while their connection was down'],
  ['disconnects', 'disconnects', 'connections the target closed or lost'],
  ['reconnects', 'reconnects', 'connections made again'],
];

/**
 * The running load as Prometheus metrics (--metrics): counters summed over the run, the current step, and
 * latency quantiles (µs) of the step so far and of the last second, corrected (from each message's due time) and
 * raw (from its send). Fed from the progress every sender thread already reports once a second, so it adds no
 * work to the send path; quantiles are worked out when scraped. A fan-out load adds its deliveries
 * (DeliveryMetrics); idle fleet connections held are a state of rtm_load_connections.
 */
export class LoadMetrics {
  readonly registry = new Registry();
  private step = -1;
  /** Each worker's counters last seen, and in which step: the counters' increments are the differences. */
  private readonly seen = new Map<number, { step: number; counters: Counters }>();
  private readonly open = new Map<number, number>();
  private readonly stepHist = { corrected: newHistogram(), raw: newHistogram() };
  /** Each worker's latest second, encoded. */
  private readonly lastSecond = new Map<number, { corrected: string; raw: string }>();
  private readonly counters = new Map<string, Counter>();
  private readonly errors: Counter;
  private readonly stepGauge: Gauge;
  private readonly elapsed: Gauge;
  private readonly delivery: DeliveryMetrics;
  /** Idle fleet connections held, as last reported. */
  private idleHeld: number | undefined;

  constructor(
    private readonly totalSteps: number,
    connections: number,
  ) {
    const registers = [this.registry];
    this.delivery = new DeliveryMetrics(this.registry);
    for (const [key, name, help] of COUNTED)
      this.counters.set(key, new Counter({ name: `rtm_load_${name}_total`, help: `load: ${help}`, registers }));
    this.errors = new Counter({
      name: 'rtm_load_error_replies_total',
      help: 'load: ok:false replies, by error code',
      labelNames: ['code'],
      registers,
    });
    this.stepGauge = new Gauge({ name: 'rtm_load_step', help: 'load: the step running (1-based)', registers });
    new Gauge({ name: 'rtm_load_steps', help: 'load: steps in the run', registers }).set(totalSteps);
    this.elapsed = new Gauge({ name: 'rtm_load_step_elapsed_seconds', help: 'load: seconds into the step', registers });
    const conns: Gauge = new Gauge({
      name: 'rtm_load_connections',
      help: 'load: WebSocket connections: configured (senders and idle), senders open, idle held',
      labelNames: ['state'],
      registers,
      collect: () => {
        conns.set({ state: 'configured' }, connections);
        conns.set(
          { state: 'open' },
          [...this.open.values()].reduce((a, b) => a + b, 0),
        );
        if (this.idleHeld !== undefined) conns.set({ state: 'idle' }, this.idleHeld);
      },
    });
    const latency: Gauge = new Gauge({
      name: 'rtm_load_latency_microseconds',
      help: 'load: ack latency quantiles, corrected (from the due time) and raw (from the send), over the step so far and the last second',
      labelNames: ['latency', 'window', 'quantile'],
      registers,
      collect: (): void => this.setQuantiles(latency),
    });
    const samples: Gauge = new Gauge({
      name: 'rtm_load_latency_samples',
      help: 'load: acks behind the latency quantiles',
      labelNames: ['latency', 'window'],
      registers,
      collect: () => {
        for (const kind of ['corrected', 'raw'] as const) {
          samples.set({ latency: kind, window: 'step' }, this.stepHist[kind].totalCount);
          const second = this.second(kind);
          samples.set({ latency: kind, window: 'second' }, second.totalCount);
          second.destroy();
        }
      },
    });
  }

  /** One sender thread's progress. */
  update(p: WorkerProgress): void {
    if (p.step > this.step) {
      this.step = p.step;
      this.lastSecond.clear();
      for (const h of Object.values(this.stepHist)) h.reset();
    }
    this.stepGauge.set(Math.min(this.step + 1, this.totalSteps));
    if (p.step === this.step) this.elapsed.set(p.elapsedSec);
    if (p.openConnections !== undefined) this.open.set(p.worker, p.openConnections);
    if (p.counters) this.count(p.worker, p.step, p.counters);
    if (p.idleHeld !== undefined) this.idleHeld = p.idleHeld;
    if (p.delivery) this.delivery.update(p.worker, p.step, p.delivery);
    // A worker still ending the step before (workers' steps end a little apart): counted, not in the new step's latency.
    if (p.interval && p.step === this.step) {
      this.lastSecond.set(p.worker, { corrected: p.interval.corrected, raw: p.interval.raw });
      for (const kind of ['corrected', 'raw'] as const) addEncoded(this.stepHist[kind], p.interval[kind]);
    }
  }

  private count(worker: number, step: number, now: Counters): void {
    const seen = this.seen.get(worker);
    const before = seen?.step === step ? seen.counters : undefined;
    for (const [key] of COUNTED) {
      const delta = now[key] - (before?.[key] ?? 0);
      if (delta > 0) this.counters.get(key)!.inc(delta);
    }
    for (const [code, n] of Object.entries(now.errorsByCode)) {
      const delta = n - (before?.errorsByCode[code] ?? 0);
      if (delta > 0) this.errors.inc({ code }, delta);
    }
    this.seen.set(worker, { step, counters: now });
  }

  private second(kind: 'corrected' | 'raw'): Histogram {
    const h = newHistogram();
    for (const s of this.lastSecond.values()) addEncoded(h, s[kind]);
    return h;
  }

  private setQuantiles(gauge: Gauge): void {
    for (const kind of ['corrected', 'raw'] as const) {
      const second = this.second(kind);
      for (const [window, h] of [
        ['step', this.stepHist[kind]],
        ['second', second],
      ] as const) {
        if (h.totalCount === 0) continue;
        for (const q of QUANTILES)
          gauge.set({ latency: kind, window, quantile: String(q) }, h.getValueAtPercentile(q * 100));
      }
      second.destroy();
    }
  }
}

function addEncoded(into: Histogram, encoded: string): void {
  const h = hdr.decodeFromCompressedBase64(encoded);
  into.add(h);
  h.destroy();
}

/** Serves `metrics` at http://host:port/metrics until closed; the port it got (port 0: any free one). */
export async function serveMetrics(
  metrics: LoadMetrics,
  host: string,
  port: number,
): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer((req, res) => {
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    metrics.registry.metrics().then(
      (body) => res.writeHead(200, { 'content-type': metrics.registry.contentType }).end(body),
      () => res.writeHead(500).end(),
    );
  });
  // Scrapers come and go: a scrape that stalls is dropped rather than kept open.
  server.requestTimeout = 10_000;
  server.headersTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        new HarnessError('E_USAGE', `--metrics ${host}:${port}: cannot listen there (${err.code ?? err.message})`),
      ),
    );
    server.listen(port, host, () => resolve());
  });
  const address = server.address();
  const bound = typeof address === 'object' && address ? address.port : port;
  const shown = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shown}:${bound}/metrics`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** --metrics: a run's metrics served at `where` (the URL written to `out` first, so port 0 can be found). */
export async function startLoadMetrics(
  where: { host: string; port: number },
  load: Pick<LoadOptions, 'steps' | 'connections' | 'fleet'>,
  out: NodeJS.WritableStream,
): Promise<{ update: (p: WorkerProgress) => void; close: () => Promise<void> }> {
  const metrics = new LoadMetrics(load.steps.length, load.connections + (load.fleet?.connections ?? 0));
  const server = await serveMetrics(metrics, where.host, where.port);
  out.write(`metrics: ${server.url}\n`);
  return { update: (p) => metrics.update(p), close: server.close };
}
