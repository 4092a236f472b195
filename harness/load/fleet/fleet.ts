import type { ChildProcess } from 'node:child_process';
import { HarnessError } from '../../errors.js';
import type { Target } from '../../target/target.js';
import { merged, percentiles } from '../histograms.js';
import type { FleetEvent } from './fleet-events.js';
import { type FleetReport, type FleetSample, stormReport } from './fleet-report.js';
import {
  type FleetCommand,
  type FleetCounts,
  type FleetMemberConfig,
  type FleetMemberReport,
  type FleetMessage,
  addFleetCounts,
  emptyFleetCounts,
} from './fleet-types.js';
import { socketsPerProcess } from './fd-limit.js';
import { forkModule } from '../fork-module.js';

export interface FleetOptions {
  connections: number;
  connectRatePerSec: number;
  pingIntervalSec: number;
  /** Index of the first connection (after the senders'), so tokens and addresses continue theirs. */
  firstIndex: number;
}

/** Sockets one fleet process holds at most: well under a 20 000-file limit, and a core's worth of pings. */
export const MAX_PER_PROCESS = 15_000;
/** Loopback connections per source address (the ephemeral range is ~28 000 ports, and a storm needs as many again). */
export const PER_ADDRESS = 10_000;
const CONCURRENCY_PER_PROCESS = 128;
const MAX_PROCESSES = 32;

interface Child {
  process: ChildProcess;
  counts: FleetCounts;
  startRss: number;
  rss: number;
  cpuUs: number;
  report?: FleetMemberReport;
}

/**
 * The idle connections of a load run, in child processes of at most MAX_PER_PROCESS sockets each (a process's
 * file limit is the hard bound; more connections take more processes). The parent samples their counts every
 * second into the timeline, fires the `--at` events, and gathers each process's histograms and storms at the end.
 */
export class Fleet {
  private readonly children: Child[] = [];
  private readonly timeline: FleetSample[] = [];
  private readonly t0 = performance.now();
  private last = emptyFleetCounts();
  private pendingEvents: string[] = [];
  private readonly fired: { event: FleetEvent; atSec: number }[] = [];
  private sampler: NodeJS.Timeout;
  private heldPeak = 0;
  private openedInSec: number | null = null;
  private heldAtSteps = 0;
  private storms = 0;
  private failure: Error | undefined;

  constructor(
    private readonly target: Target,
    private readonly options: FleetOptions,
  ) {
    const perProcess = Math.min(MAX_PER_PROCESS, socketsPerProcess());
    const count = Math.ceil(options.connections / perProcess);
    if (count > MAX_PROCESSES)
      throw new HarnessError(
        'E_USAGE',
        `--connections: ${options.connections} idle connections need ${count} processes of ${perProcess} sockets (ulimit -n); raise the limit or run --shard i/n`,
      );
    const host = new URL(target.apiUrl).hostname;
    const addresses = /^127\./.test(host)
      ? Array.from(
          { length: Math.ceil((options.firstIndex + options.connections) / PER_ADDRESS) + 2 },
          (_, k) => `127.0.0.${k + 1}`,
        )
      : [];
    let first = options.firstIndex;
    for (let p = 0; p < count; p++) {
      const share = Math.floor(options.connections / count) + (p < options.connections % count ? 1 : 0);
      const config: FleetMemberConfig = {
        apiUrl: target.apiUrl,
        // Beside a fan-out load, users in no channel: the members' messages must not fan out to idle connections.
        tokens: target.idleTokens ?? target.tokens,
        connections: share,
        firstIndex: first,
        connectRatePerSec: (options.connectRatePerSec * share) / options.connections,
        pingIntervalMs: options.pingIntervalSec * 1000,
        sourceAddresses: addresses,
        perAddress: PER_ADDRESS,
        concurrency: CONCURRENCY_PER_PROCESS,
        maxFrameBytes: 1024 * 1024,
        tls: target.tls,
      };
      first += share;
      const child: Child = {
        process: forkModule(import.meta.url, 'fleet-main'),
        counts: emptyFleetCounts(),
        startRss: 0,
        rss: 0,
        cpuUs: 0,
      };
      child.process.on('message', (m: FleetMessage) => this.onMessage(child, m));
      child.process.on('exit', (code) => {
        if (!child.report)
          this.failure ??= new HarnessError('E_INTERNAL', `a fleet process exited (${code}) before its report`);
      });
      child.process.send({ type: 'config', config });
      this.children.push(child);
    }
    this.sampler = setInterval(() => this.sample(), 1000);
  }

  held(): number {
    return this.children.reduce((a, c) => a + c.counts.held, 0);
  }

  /**
   * Resolves true once every connection is held; false when `timeoutMs` passes first, when no connection was added
   * for `stallMs` (a target that stopped accepting), or when a process failed.
   */
  async waitHeld(timeoutMs: number, stallMs = 30_000): Promise<boolean> {
    const until = performance.now() + timeoutMs;
    let best = this.held();
    let progressAt = performance.now();
    while (performance.now() < until && performance.now() - progressAt < stallMs && !this.failure) {
      if (this.held() >= this.options.connections) return true;
      if (this.held() > best) {
        best = this.held();
        progressAt = performance.now();
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    return this.held() >= this.options.connections;
  }

  /** Resident memory and CPU time of the fleet processes together (their last tick). */
  usage(): { rssBytes: number; startRssBytes: number; cpuUs: number } {
    return this.children.reduce(
      (a, c) => ({
        rssBytes: a.rssBytes + c.rss,
        startRssBytes: a.startRssBytes + c.startRss,
        cpuUs: a.cpuUs + c.cpuUs,
      }),
      { rssBytes: 0, startRssBytes: 0, cpuUs: 0 },
    );
  }

  /** The measured steps begin: events are timed from here, and the timeline marks it. */
  stepsBegin(events: FleetEvent[], dropSenders: (fraction: number) => void = () => undefined): void {
    this.heldAtSteps = this.held();
    this.pendingEvents.push('steps');
    this.dropSenders = dropSenders;
    for (const event of events) setTimeout(() => void this.fire(event), event.atMs).unref();
  }

  private dropSenders: (fraction: number) => void = () => undefined;

  /** Waits (bounded) until the connections dropped by the storms are back, so their 100 % can be measured. */
  async settle(timeoutMs: number): Promise<void> {
    await this.waitHeld(timeoutMs);
  }

  /** Whether stop() was called (a failed run stops the fleet itself). */
  stopped = false;

  async stop(idle: FleetReport['idleCpu'], memory: FleetReport['memory']): Promise<FleetReport> {
    this.stopped = true;
    clearInterval(this.sampler);
    this.sample();
    await Promise.all(
      this.children.map(
        (c) =>
          new Promise<void>((resolve) => {
            const timer = setTimeout(() => {
              c.process.kill('SIGKILL');
              resolve();
            }, 10_000);
            c.process.once('exit', () => {
              clearTimeout(timer);
              resolve();
            });
            if (c.process.connected) c.process.send({ type: 'stop' } satisfies FleetCommand);
            else c.process.kill('SIGKILL');
          }),
      ),
    );
    if (this.failure) throw this.failure;
    if (this.children.some((c) => !c.report))
      throw new HarnessError('E_INTERNAL', 'a fleet process did not report within 10 s of being stopped');
    const reports = this.children.map((c) => c.report!);
    const enc = (k: 'connectLatency' | 'pongLatency') => reports.map((r) => r[k]);
    const pct = (list: string[]) => {
      const h = merged(list);
      const p = percentiles(h);
      h.destroy();
      return p;
    };
    const storms = this.fired.map(({ event, atSec }, n) =>
      stormReport(
        event.spec,
        atSec,
        reports.flatMap((r) => r.storms.filter((s) => s.id === n + 1)),
        this.timeline,
      ),
    );
    const failuresByReason: Record<string, number> = {};
    for (const r of reports)
      for (const [why, n] of Object.entries(r.failuresByReason))
        failuresByReason[why] = (failuresByReason[why] ?? 0) + n;
    return {
      connections: this.options.connections,
      processes: this.children.length,
      connectRatePerSec: this.options.connectRatePerSec,
      pingIntervalSec: this.options.pingIntervalSec,
      heldAtSteps: this.heldAtSteps,
      heldPeak: this.heldPeak,
      heldEnd: this.timeline.at(-1)?.held ?? 0,
      openedInSec: this.openedInSec,
      serverConnections: null,
      counts: reports.map((r) => r.counts).reduce(addFleetCounts, emptyFleetCounts()),
      failuresByReason,
      connectLatency: pct(enc('connectLatency')),
      pongLatency: pct(enc('pongLatency')),
      memory,
      idleCpu: idle,
      timeline: this.timeline,
      storms,
      histograms: { connectLatency: enc('connectLatency'), pongLatency: enc('pongLatency') },
    };
  }

  private async fire(event: FleetEvent): Promise<void> {
    const storm = ++this.storms;
    this.fired.push({ event, atSec: (performance.now() - this.t0) / 1000 });
    this.pendingEvents.push(event.spec);
    const tell = (c: FleetCommand) => {
      for (const child of this.children) if (child.process.connected) child.process.send(c);
    };
    if (event.kind === 'drop') {
      tell({ type: 'drop', storm, fraction: event.fraction });
      return this.dropSenders(event.fraction);
    }
    tell({ type: 'mark', storm });
    if (!this.target.serverControl) {
      this.failure ??= new HarnessError('E_USAGE', `--at ${event.spec}: needs the reference server (no --api)`);
      return;
    }
    await this.target
      .serverControl(
        event.kind === 'fault' ? 'faults' : event.kind === 'goodbye' ? 'goodbye' : 'drop',
        event.kind === 'fault' ? event.faults : undefined,
      )
      .catch((e: Error) => {
        this.failure ??= e;
      });
  }

  private onMessage(child: Child, m: FleetMessage): void {
    if (m.type === 'started') {
      child.startRss = m.rssBytes;
      child.rss = m.rssBytes;
      child.cpuUs = m.cpuUs;
    } else if (m.type === 'tick') {
      child.counts = m.counts;
      child.rss = m.rssBytes;
      child.cpuUs = m.cpuUs;
    } else if (m.type === 'report') {
      child.report = m.report;
      child.counts = m.report.counts;
    } else if (m.type === 'failed')
      this.failure ??= new HarnessError('E_INTERNAL', `a fleet process failed: ${m.message}`);
  }

  private sample(): void {
    const now = this.children.map((c) => c.counts).reduce(addFleetCounts, emptyFleetCounts());
    const t = Math.round((performance.now() - this.t0) / 100) / 10;
    this.timeline.push({
      t,
      held: now.held,
      rtmConnect: now.rtmConnectCalls - this.last.rtmConnectCalls,
      opened: now.opened - this.last.opened,
      failures: now.failures - this.last.failures,
      rateLimited: now.rateLimited - this.last.rateLimited,
      ...(this.pendingEvents.length ? { events: this.pendingEvents } : {}),
    });
    this.pendingEvents = [];
    this.last = now;
    this.heldPeak = Math.max(this.heldPeak, now.held);
    if (this.openedInSec === null && now.held >= this.options.connections) this.openedInSec = t;
  }
}
