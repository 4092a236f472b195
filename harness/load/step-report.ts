import type { Step } from './schedule.js';
import { type Percentiles, percentilesOf } from './histograms.js';
import type { Counters, StepResult } from './sender-types.js';
import { type Threshold, type ThresholdResult, evaluate } from './thresholds.js';
import { type DeliveryReport, combineDelivery, deliveryMetric } from './delivery/report.js';

/**
 * One step of a load run as load.json holds it: the sender threads' results merged, the generator's own health
 * judged, shards combined, and the thresholds judged on all steps.
 */
/** What `load.json` holds for one step. */
export interface StepReport {
  targetRate: number;
  achievedRate: number;
  durationSec: number;
  counters: Counters;
  corrected: Percentiles;
  raw: Percentiles;
  sendLag: Percentiles;
  /** The machine's own stalls during the step (an idle thread's wake-up lateness, µs): the floor under send lag. */
  hiccups: Percentiles;
  eventLoopDelayP99Ms: number;
  cpu: { harnessPct: number; serverPct: number | null };
  generatorBehind: boolean;
  advice: string[];
  /** Wall-clock ms since the epoch when the step began and ended (the first sender's start, the last one's end). */
  startedAtMs?: number;
  endedAtMs?: number;
  /** Encoded histograms, so `merge` and `report` can work from load.json alone. */
  histograms: { corrected: string[]; raw: string[]; sendLag: string[]; hiccups?: string[] };
  intervals: { t: number; sent: number; acked: number; corrected: string[]; raw: string[] }[];
  /** A fan-out load: the members' receipts of the step's messages. */
  delivery?: DeliveryReport;
}

/** The generator's own health limit: send lag p99 more than 1 ms beyond the machine's own stalls means it fell behind. */
export const MAX_SEND_LAG_EXCESS_US = 1000;
/** Below this share of the asked rate, over the time the sending took, the sender could not keep the schedule. */
export const MIN_ACHIEVED = 0.99;

/** Merges the workers' results for one step and judges the generator's health. */
export function stepReport(
  step: Step,
  parts: StepResult[],
  harnessPct: number,
  serverPct: number | null,
  stalls?: string,
): StepReport {
  const counters = parts.map((p) => p.counters).reduce(addCounters);
  const enc = (k: 'corrected' | 'raw' | 'sendLag') => parts.map((p) => p[k]);
  // Over the time the sending really took (first due time to last send): a late sender shows as a low rate.
  const sendingSec = Math.max(...parts.map((p) => p.sendingSec ?? p.durationSec));
  const achievedRate =
    counters.sent > 1 && sendingSec > 0 ? (counters.sent - 1) / sendingSec : counters.sent / step.durationSec;
  const lag = percentilesOf(enc('sendLag'));
  const hiccups = percentilesOf(stalls ? [stalls] : []);
  const advice = generatorAdvice(step, lag, hiccups, achievedRate, counters.unsent);
  const report: StepReport = {
    targetRate: step.rate,
    achievedRate,
    durationSec: step.durationSec,
    counters,
    corrected: percentilesOf(enc('corrected')),
    raw: percentilesOf(enc('raw')),
    sendLag: lag,
    hiccups,
    eventLoopDelayP99Ms: Math.max(...parts.map((p) => p.eventLoopDelayP99Ms)),
    cpu: { harnessPct, serverPct },
    generatorBehind: advice.length > 0,
    advice,
    histograms: {
      corrected: enc('corrected'),
      raw: enc('raw'),
      sendLag: enc('sendLag'),
      hiccups: stalls ? [stalls] : [],
    },
    intervals: mergeIntervals(
      parts.map((p) => p.intervals.map((i) => ({ ...i, corrected: [i.corrected], raw: [i.raw] }))),
    ),
  };
  return report;
}

/**
 * Whether the generator, not the target, limited the step, and what to change: send lag beyond what the
 * machine's own stalls (the hiccup meter) explain, or fewer messages per second than asked over the time the
 * sending really took. Each finding says which, with its numbers.
 */
export function generatorAdvice(
  step: Step,
  lag: Percentiles,
  hiccups: Percentiles,
  achievedRate: number,
  unsent: number,
): string[] {
  const advice: string[] = [];
  const ms = (us: number) => (us / 1000).toFixed(2);
  if (lag.p99 > hiccups.p99 + MAX_SEND_LAG_EXCESS_US) {
    advice.push(
      `send lag p99 ${ms(lag.p99)} ms is ${ms(lag.p99 - hiccups.p99)} ms over the machine's own stalls (hiccup p99 ${ms(hiccups.p99)} ms): the sender fell behind; lower --rate, add --connections spread over more --workers, or run --shard i/n on more machines`,
    );
  }
  if (achievedRate < step.rate * MIN_ACHIEVED) {
    advice.push(
      `sent ${Math.round(achievedRate)}/s of ${step.rate}/s over the time the sending took: the sender${unsent ? ` (and down connections: ${unsent} unsent)` : ''} could not keep the schedule`,
    );
  }
  return advice;
}

/** One step of several shards as one: rates and counters summed, histograms and intervals added (lossless). */
export function combineShardSteps(parts: StepReport[]): StepReport {
  const histograms = {
    corrected: parts.flatMap((p) => p.histograms.corrected),
    raw: parts.flatMap((p) => p.histograms.raw),
    sendLag: parts.flatMap((p) => p.histograms.sendLag),
    hiccups: parts.flatMap((p) => p.histograms.hiccups ?? []),
  };
  return {
    ...parts[0],
    targetRate: parts.reduce((a, p) => a + p.targetRate, 0),
    achievedRate: parts.reduce((a, p) => a + p.achievedRate, 0),
    counters: parts.map((p) => p.counters).reduce(addCounters),
    corrected: percentilesOf(histograms.corrected),
    raw: percentilesOf(histograms.raw),
    sendLag: percentilesOf(histograms.sendLag),
    hiccups: percentilesOf(histograms.hiccups),
    eventLoopDelayP99Ms: Math.max(...parts.map((p) => p.eventLoopDelayP99Ms)),
    generatorBehind: parts.some((p) => p.generatorBehind),
    advice: parts.flatMap((p, k) => p.advice.map((a) => `shard ${k + 1}: ${a}`)),
    histograms,
    intervals: mergeIntervals(parts.map((p) => p.intervals)),
    delivery: combineDelivery(parts.map((p) => p.delivery)),
  };
}

/** Intervals of several senders or shards, second by second: counts summed, histograms listed for adding. */
function mergeIntervals(lists: StepReport['intervals'][]): StepReport['intervals'] {
  const byT = new Map<number, StepReport['intervals'][number]>();
  for (const list of lists) {
    for (const s of list) {
      const e = byT.get(s.t) ?? { t: s.t, sent: 0, acked: 0, corrected: [], raw: [] };
      byT.set(s.t, {
        t: s.t,
        sent: e.sent + s.sent,
        acked: e.acked + s.acked,
        corrected: [...e.corrected, ...s.corrected],
        raw: [...e.raw, ...s.raw],
      });
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
    const actual = t.metric.startsWith('delivery.')
      ? deliveryMetric(t.metric, steps)
      : t.metric === 'achieved'
        ? achieved
        : t.metric === 'errors'
          ? errors
          : t.metric in p
            ? p[t.metric as keyof Percentiles]
            : (counters[t.metric as keyof Counters] as number);
    return evaluate(t, actual);
  });
}
