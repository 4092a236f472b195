import { HarnessError } from '../errors.js';
import type { Target } from '../target/target.js';
import { type ConnectRateReport, measureConnectRate } from './connect-rate.js';
import { type Step, splitConnections } from './schedule.js';
import type { Progress, SenderConfig, StepResult } from './sender-types.js';
import { spawnSender } from './sender-thread.js';
import { HiccupMeter } from './hiccups.js';
import { wallMs } from './start-at.js';
import type { Threshold, ThresholdResult } from './thresholds.js';
import { type StepReport, judge, stepReport } from './step-report.js';
import { type FanOut, fanOutChannelIds } from './delivery/fan-out-fixture.js';
import { deliveryReport } from './delivery/report.js';
import { deliveryBarrier } from './delivery/tracker.js';
import { type FleetLoadOptions, type OpenFleet, closeFleet, openFleet } from './fleet/fleet-run.js';
import type { FleetReport } from './fleet/fleet-report.js';

export interface LoadOptions {
  steps: Step[];
  connections: number;
  warmupSec: number;
  workers: number;
  thresholds: Threshold[];
  replyTimeoutMs: number;
  shard?: { index: number; count: number };
  /** Run the connect-rate step (rtm.connect under autocannon) after the message steps. */
  connectRate: boolean;
  /** The senders' schedule (see SenderConfig): lean by default. */
  schedule?: 'lean' | 'spin';
  /** Wall-clock ms since the epoch when the warm-up begins (--start-at): shards that start together. */
  startAtMs?: number;
  /** A fan-out load (--members M --channels K, embedded server): every connection a member, deliveries measured. */
  fanOut?: FanOut;
  /** Idle pinging connections beside the senders (`connections` above), and the events of the run (`--at`). */
  fleet?: FleetLoadOptions;
}

export interface LoadReport {
  target: { api: string; embedded: boolean; note: string };
  config: {
    steps: Step[];
    /** Every connection of the run: the senders' and the idle fleet's. */
    connections: number;
    /** Of those, the ones that send (present when there is a fleet). */
    senders?: number;
    warmupSec: number;
    workers: number;
    replyTimeoutMs: number;
    shard?: string;
    /** --start-at, as an ISO instant. */
    startAt?: string;
    thresholds: string[];
    /** A fan-out load: members per channel and channels. */
    fanOut?: FanOut;
  };
  /** A merge of shards: how late each shard began the first step after the earliest one (ms). */
  shardSkew?: { shard: string; startSkewMs: number }[];
  steps: StepReport[];
  thresholds: ThresholdResult[];
  connectRate?: ConnectRateReport;
  /** The idle connections: held over time, connect and pong latency, memory and CPU per connection, storms. */
  fleet?: FleetReport;
  /** Resident memory at the start and the end of the measured steps, MB (server: embedded only). */
  resources: {
    harnessRssStartMb: number;
    harnessRssEndMb: number;
    serverRssStartMb: number | null;
    serverRssEndMb: number | null;
  };
  verdict: 'pass' | 'fail';
}

/** Runs the load against an acquired target: workers send, the parent merges their histograms with `add`, and judges the thresholds. */
export async function runLoad(
  target: Target,
  options: LoadOptions,
  onProgress: (p: Progress & { totalSteps: number; worker: number }) => void = () => undefined,
): Promise<LoadReport> {
  if (!target.channel) throw new HarnessError('E_USAGE', 'load against --api needs --channel');
  // The idle connections first: the senders then run among connections already held.
  const fleet = options.fleet ? await openFleet(target, options.fleet, options.connections) : undefined;
  try {
    return await runSteps(target, options, onProgress, fleet);
  } finally {
    // A failed run still ends its fleet processes (closeFleet did, on success).
    if (fleet && !fleet.fleet.stopped) await fleet.fleet.stop(fleet.idleCpu, fleet.memory).catch(() => undefined);
  }
}

async function runSteps(
  target: Target,
  options: LoadOptions,
  onProgress: (p: Progress & { totalSteps: number; worker: number }) => void,
  fleet: OpenFleet | undefined,
): Promise<LoadReport> {
  const split = splitConnections(options.connections, options.workers);
  // The machine's own stalls, measured beside the senders, step by step as they report their steps.
  const hiccups = new HiccupMeter();
  // When each step began, on the wall clock (the first sender to begin it), for merge's skew between shards.
  const stepStarts: number[] = [];
  const barrier = deliveryBarrier();
  const workers = split.map((connections, w) => {
    const share = connections / options.connections;
    const config: SenderConfig = {
      apiUrl: target.apiUrl,
      // A fan-out load: each connection its own member (its own token), across the threads.
      tokens: options.fanOut ? memberTokens(target.tokens, split, w) : target.tokens,
      channel: target.channel!,
      connections,
      steps: options.steps.map((s) => ({ rate: s.rate * share, durationSec: s.durationSec })),
      warmupSec: options.warmupSec,
      replyTimeoutMs: options.replyTimeoutMs,
      maxFrameBytes: 1024 * 1024,
      tls: target.tls,
      schedule: options.schedule,
      startAtMs: options.startAtMs,
      delivery: options.fanOut && {
        channels: fanOutChannelIds(options.fanOut),
        sender: w,
        senders: split.length,
        barrier,
      },
    };
    return spawnSender(
      config,
      (p) => onProgress({ ...p, totalSteps: options.steps.length, worker: w, idleHeld: fleet?.fleet.held() }),
      (n) => {
        if (n === 0 && stepStarts[0] === undefined)
          fleet?.fleet.stepsBegin(options.fleet!.events, (f) => {
            for (const w of workers) w.drop(f);
          });
        stepStarts[n] ??= wallMs();
        hiccups.step(n);
      },
    );
  });
  let usage: Awaited<ReturnType<typeof measureUsage<StepResult[][]>>>;
  let stalls: Record<number, string>;
  try {
    await Promise.all([...workers.map((w) => w.ready), hiccups.ready]);
    usage = await measureUsage(target, () => Promise.all(workers.map((w) => w.done)));
  } finally {
    // Whatever happened, the meter's thread ends here (a sender that failed must not leave it running).
    stalls = await hiccups.stop();
  }
  const steps = options.steps.map((step, n) =>
    stepReport(
      step,
      usage.results.map((r) => r[n]),
      usage.harnessPct,
      usage.serverPct,
      stalls[n],
    ),
  );
  const ended = wallMs();
  steps.forEach((s, n) => {
    s.startedAtMs = stepStarts[n];
    s.endedAtMs = stepStarts[n + 1] ?? ended;
    if (options.fanOut)
      s.delivery = deliveryReport(
        options.fanOut,
        s.counters,
        usage.results.map((r) => r[n].delivery),
      );
  });
  const late = stepStarts[0] - ((options.startAtMs ?? Number.NaN) + options.warmupSec * 1000);
  if (late > 50)
    steps[0].advice.push(
      `began ${Math.round(late)} ms after --start-at (plus the warm-up): this shard was not ready in time; give the shards more lead`,
    );
  const thresholds = judge(options.thresholds, steps);
  const fleetReport = fleet ? await closeFleet(fleet, options.fleet!, steps) : undefined;
  const connectRate = options.connectRate ? await measureConnectRate(target.apiUrl, target.tokens[0]) : undefined;
  return {
    target: {
      api: target.embedded ? 'embedded reference server' : target.redactor.text(target.apiUrl),
      embedded: target.embedded,
      note: target.embedded
        ? 'the reference server ran in its own process with its rate limit off'
        : 'an external target',
    },
    config: {
      steps: options.steps,
      connections: options.connections + (options.fleet?.connections ?? 0),
      ...(options.fleet ? { senders: options.connections } : {}),
      warmupSec: options.warmupSec,
      workers: split.length,
      replyTimeoutMs: options.replyTimeoutMs,
      shard: options.shard ? `${options.shard.index}/${options.shard.count}` : undefined,
      startAt: options.startAtMs === undefined ? undefined : new Date(options.startAtMs).toISOString(),
      thresholds: options.thresholds.map((t) => t.expr),
      fanOut: options.fanOut,
    },
    steps,
    thresholds,
    connectRate,
    ...(fleetReport ? { fleet: fleetReport } : {}),
    resources: usage.resources,
    verdict: thresholds.every((t) => t.ok) ? 'pass' : 'fail',
  };
}

/** CPU and memory of harness and server while `work` runs. CPU is shared out by step duration: steps run back to back. */
async function measureUsage<T>(target: Target, work: () => Promise<T>) {
  const cpuBefore = process.cpuUsage();
  const serverBefore = await target.serverStats?.();
  const harnessRssStart = process.memoryUsage().rss;
  const started = performance.now();
  const results = await work();
  const wallSec = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const harnessRssEnd = process.memoryUsage().rss;
  const serverAfter = await target.serverStats?.();
  const serverPct =
    serverBefore && serverAfter ? ((serverAfter.cpuUs - serverBefore.cpuUs) / 1e6 / wallSec) * 100 : null;
  const mb = (b: number | undefined) => (b === undefined ? null : Math.round((b / 1048576) * 10) / 10);
  return {
    results,
    harnessPct: ((cpu.user + cpu.system) / 1e6 / wallSec) * 100,
    serverPct,
    resources: {
      harnessRssStartMb: mb(harnessRssStart)!,
      harnessRssEndMb: mb(harnessRssEnd)!,
      serverRssStartMb: mb(serverBefore?.rssBytes),
      serverRssEndMb: mb(serverAfter?.rssBytes),
    },
  };
}

/** Worker w's slice of the members' tokens: the threads' connections are distinct members. */
function memberTokens(tokens: string[], split: number[], w: number): string[] {
  const first = split.slice(0, w).reduce((a, b) => a + b, 0);
  return tokens.slice(first, first + split[w]);
}
