import { Worker } from 'node:worker_threads';
import { HarnessError } from '../errors.js';
import type { TlsOptions } from '../session/http-client.js';
import { type ConnectRateReport, measureConnectRate } from './connect-rate.js';
import { type Percentiles, percentilesOf } from './histograms.js';
import { type Step, splitConnections } from './schedule.js';
import type { Counters, Progress, SenderConfig, StepResult } from './sender.js';
import { type ServerProcess, startServerProcess } from './server-process.js';
import { type Threshold, type ThresholdResult, evaluate } from './thresholds.js';

export interface LoadOptions {
  api?: string;
  tokens: string[];
  channel?: string;
  steps: Step[];
  connections: number;
  warmupSec: number;
  workers: number;
  thresholds: Threshold[];
  replyTimeoutMs: number;
  shard?: { index: number; count: number };
  /** Embedded only: faults for the reference server process (to prove the counters). */
  faults: string[];
  /** Run the connect-rate step (rtm.connect under autocannon) after the message steps. */
  connectRate: boolean;
  tls?: TlsOptions;
}

/** What `load.json` holds for one step. */
export interface StepReport {
  targetRate: number;
  achievedRate: number;
  durationSec: number;
  counters: Counters;
  corrected: Percentiles;
  raw: Percentiles;
  sendLag: Percentiles;
  eventLoopDelayP99Ms: number;
  cpu: { harnessPct: number; serverPct: number | null };
  generatorBehind: boolean;
  advice: string[];
  /** Encoded histograms, so `merge` and `report` can work from load.json alone. */
  histograms: { corrected: string[]; raw: string[]; sendLag: string[] };
  intervals: { t: number; sent: number; acked: number; corrected: string[]; raw: string[] }[];
}

export interface LoadReport {
  target: { api: string; embedded: boolean; note: string };
  config: { steps: Step[]; connections: number; warmupSec: number; workers: number; replyTimeoutMs: number; shard?: string; thresholds: string[] };
  steps: StepReport[];
  thresholds: ThresholdResult[];
  connectRate?: ConnectRateReport;
  /** Resident memory at the start and the end of the measured steps, MB (server: embedded only). */
  resources: { harnessRssStartMb: number; harnessRssEndMb: number; serverRssStartMb: number | null; serverRssEndMb: number | null };
  verdict: 'pass' | 'fail';
}

/** The generator's own health limits (see the floor notes: p99 send lag over 1 ms means it fell behind). */
const MAX_SEND_LAG_P99_US = 1000;
const MIN_ACHIEVED = 0.99;

/** Runs the load: workers send, the parent merges their histograms with `add`, and judges the thresholds. */
export async function runLoad(options: LoadOptions, onProgress: (p: Progress & { totalSteps: number }) => void = () => undefined): Promise<LoadReport> {
  let server: ServerProcess | undefined;
  let target: { apiUrl: string; tokens: string[]; channel: string };
  if (options.api === undefined) {
    server = await startServerProcess(options.faults);
    target = { apiUrl: server.apiUrl, tokens: server.tokens, channel: server.channel };
  } else {
    if (!options.channel) throw new HarnessError('E_USAGE', 'load against --api needs --channel');
    target = { apiUrl: options.api, tokens: options.tokens, channel: options.channel };
  }
  try {
    const split = splitConnections(options.connections, options.workers);
    const workers = split.map((connections) => {
      const share = connections / options.connections;
      const config: SenderConfig = {
        apiUrl: target.apiUrl,
        tokens: target.tokens,
        channel: target.channel,
        connections,
        steps: options.steps.map((s) => ({ rate: s.rate * share, durationSec: s.durationSec })),
        warmupSec: options.warmupSec,
        replyTimeoutMs: options.replyTimeoutMs,
        maxFrameBytes: 1024 * 1024,
        tls: options.tls,
      };
      return spawnWorker(config, (p) => onProgress({ ...p, totalSteps: options.steps.length }));
    });
    await Promise.all(workers.map((w) => w.ready));
    const cpuBefore = process.cpuUsage();
    const serverBefore = server ? await server.stats() : undefined;
    const harnessRssStart = process.memoryUsage().rss;
    const started = performance.now();
    const results = await Promise.all(workers.map((w) => w.done));
    // CPU is measured over the whole run and shared out by step duration: steps run back to back.
    const wallSec = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const harnessPct = ((cpu.user + cpu.system) / 1e6 / wallSec) * 100;
    const harnessRssEnd = process.memoryUsage().rss;
    const serverAfter = server ? await server.stats() : undefined;
    const serverPct = serverBefore && serverAfter ? ((serverAfter.cpuUs - serverBefore.cpuUs) / 1e6 / wallSec) * 100 : null;
    const mb = (b: number | undefined) => (b === undefined ? null : Math.round((b / 1048576) * 10) / 10);
    const steps = options.steps.map((step, n) => stepReport(step, results.map((r) => r[n]), harnessPct, serverPct));
    const thresholds = judge(options.thresholds, steps);
    const connectRate = options.connectRate ? await measureConnectRate(target.apiUrl, target.tokens[0]) : undefined;
    return {
      target: {
        api: options.api ?? 'embedded reference server',
        embedded: server !== undefined,
        note: server ? 'the reference server ran in its own process with its rate limit off' : 'an external target',
      },
      config: {
        steps: options.steps,
        connections: options.connections,
        warmupSec: options.warmupSec,
        workers: split.length,
        replyTimeoutMs: options.replyTimeoutMs,
        shard: options.shard ? `${options.shard.index}/${options.shard.count}` : undefined,
        thresholds: options.thresholds.map((t) => t.expr),
      },
      steps,
      thresholds,
      connectRate,
      resources: { harnessRssStartMb: mb(harnessRssStart)!, harnessRssEndMb: mb(harnessRssEnd)!, serverRssStartMb: mb(serverBefore?.rssBytes), serverRssEndMb: mb(serverAfter?.rssBytes) },
      verdict: thresholds.every((t) => t.ok) ? 'pass' : 'fail',
    };
  } finally {
    await server?.stop();
  }
}

function spawnWorker(config: SenderConfig, onProgress: (p: Progress) => void) {
  const here = import.meta.url;
  const worker = here.endsWith('.ts')
    ? // Running from source (tests, development): the thread needs tsx to load TypeScript.
      new Worker(`import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(new URL('./worker.ts', here).href)}); });`, { eval: true, workerData: config })
    : new Worker(new URL('./worker.js', here), { workerData: config });
  let markReady: () => void;
  let fail: (e: Error) => void;
  const ready = new Promise<void>((resolve, reject) => {
    markReady = resolve;
    fail = reject;
  });
  const done = new Promise<StepResult[]>((resolve, reject) => {
    worker.on('message', (m: { type: string; progress?: Progress; steps?: StepResult[]; message?: string }) => {
      if (m.type === 'ready') markReady();
      else if (m.type === 'progress') onProgress(m.progress!);
      else if (m.type === 'done') resolve(m.steps!);
      else if (m.type === 'failed') {
        const err = new HarnessError('E_TARGET_UNREACHABLE', `load: a sender failed: ${m.message}`);
        fail(err);
        reject(err);
      }
    });
    worker.on('error', (e) => {
      fail(e);
      reject(e);
    });
  });
  done.catch(() => undefined);
  return { ready, done };
}

/** Merges the workers' results for one step and judges the generator's health. */
export function stepReport(step: Step, parts: StepResult[], harnessPct: number, serverPct: number | null): StepReport {
  const counters = parts.map((p) => p.counters).reduce(addCounters);
  const enc = (k: 'corrected' | 'raw' | 'sendLag') => parts.map((p) => p[k]);
  const achievedRate = counters.sent / step.durationSec;
  const lag = percentilesOf(enc('sendLag'));
  const advice: string[] = [];
  if (lag.p99 > MAX_SEND_LAG_P99_US) advice.push(`send lag p99 is ${(lag.p99 / 1000).toFixed(2)} ms (over 1 ms): lower --rate, add --connections spread over more --workers, or run --shard i/n on more machines`);
  if (achievedRate < step.rate * MIN_ACHIEVED) advice.push(`sent ${Math.round(achievedRate)}/s of ${step.rate}/s: the sender (or down connections: ${counters.unsent} unsent) could not keep the schedule`);
  const report: StepReport = {
    targetRate: step.rate,
    achievedRate,
    durationSec: step.durationSec,
    counters,
    corrected: percentilesOf(enc('corrected')),
    raw: percentilesOf(enc('raw')),
    sendLag: lag,
    eventLoopDelayP99Ms: Math.max(...parts.map((p) => p.eventLoopDelayP99Ms)),
    cpu: { harnessPct, serverPct },
    generatorBehind: advice.length > 0,
    advice,
    histograms: { corrected: enc('corrected'), raw: enc('raw'), sendLag: enc('sendLag') },
    intervals: mergeIntervals(parts.map((p) => p.intervals.map((i) => ({ ...i, corrected: [i.corrected], raw: [i.raw] })))),
  };
  return report;
}

/** One step of several shards as one: rates and counters summed, histograms and intervals added (lossless). */
export function combineShardSteps(parts: StepReport[]): StepReport {
  const histograms = {
    corrected: parts.flatMap((p) => p.histograms.corrected),
    raw: parts.flatMap((p) => p.histograms.raw),
    sendLag: parts.flatMap((p) => p.histograms.sendLag),
  };
  return {
    ...parts[0],
    targetRate: parts.reduce((a, p) => a + p.targetRate, 0),
    achievedRate: parts.reduce((a, p) => a + p.achievedRate, 0),
    counters: parts.map((p) => p.counters).reduce(addCounters),
    corrected: percentilesOf(histograms.corrected),
    raw: percentilesOf(histograms.raw),
    sendLag: percentilesOf(histograms.sendLag),
    eventLoopDelayP99Ms: Math.max(...parts.map((p) => p.eventLoopDelayP99Ms)),
    generatorBehind: parts.some((p) => p.generatorBehind),
    advice: parts.flatMap((p, k) => p.advice.map((a) => `shard ${k + 1}: ${a}`)),
    histograms,
    intervals: mergeIntervals(parts.map((p) => p.intervals)),
  };
}

/** Intervals of several senders or shards, second by second: counts summed, histograms listed for adding. */
function mergeIntervals(lists: StepReport['intervals'][]): StepReport['intervals'] {
  const byT = new Map<number, StepReport['intervals'][number]>();
  for (const list of lists) {
    for (const s of list) {
      const e = byT.get(s.t) ?? { t: s.t, sent: 0, acked: 0, corrected: [], raw: [] };
      byT.set(s.t, { t: s.t, sent: e.sent + s.sent, acked: e.acked + s.acked, corrected: [...e.corrected, ...s.corrected], raw: [...e.raw, ...s.raw] });
    }
  }
  return [...byT.values()].sort((a, b) => a.t - b.t);
}

export function addCounters(a: Counters, b: Counters): Counters {
  const errorsByCode = { ...a.errorsByCode };
  for (const [code, n] of Object.entries(b.errorsByCode)) errorsByCode[code] = (errorsByCode[code] ?? 0) + n;
  return {
    sent: a.sent + b.sent,
    acked: a.acked + b.acked,
    unsent: a.unsent + b.unsent,
    missing: a.missing + b.missing,
    duplicates: a.duplicates + b.duplicates,
    unknown: a.unknown + b.unknown,
    late: a.late + b.late,
    rateLimited: a.rateLimited + b.rateLimited,
    errorsByCode,
    disconnects: a.disconnects + b.disconnects,
    reconnects: a.reconnects + b.reconnects,
  };
}

/** Thresholds on the whole run: percentiles of all steps' corrected latency merged, counters summed, achieved at its worst step. */
export function judge(thresholds: Threshold[], steps: StepReport[]): ThresholdResult[] {
  if (thresholds.length === 0) return [];
  const p = percentilesOf(steps.flatMap((s) => s.histograms.corrected));
  const counters = steps.map((s) => s.counters).reduce(addCounters);
  const errors = Object.values(counters.errorsByCode).reduce((a, b) => a + b, 0);
  const achieved = Math.min(...steps.map((s) => s.achievedRate / s.targetRate));
  return thresholds.map((t) => {
    const actual =
      t.metric === 'achieved' ? achieved : t.metric === 'errors' ? errors : t.metric in p ? p[t.metric as keyof Percentiles] : (counters[t.metric as keyof Counters] as number);
    return evaluate(t, actual);
  });
}
