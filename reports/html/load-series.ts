import { type Histogram, merged } from '../../harness/load/histograms.js';
import type { LoadReport } from '../../harness/load/run-load.js';
import type { StepReport } from '../../harness/load/step-report.js';

/** What the page plots for one load step, computed from the encoded histograms in load.json. */
export interface StepSeries {
  label: string;
  /** Percentile distribution: x = 1/(1-p) (log axis, as HdrHistogram plots it), y in ms. */
  distribution: { x: number[]; corrected: number[]; raw: number[]; percentiles: number[]; delivery?: number[] };
  /** Per second: p50, p99, max of corrected latency (ms), sent and acked per second. */
  overTime: {
    t: number[];
    p50: number[];
    p99: number[];
    max: number[];
    sent: number[];
    acked: number[];
    target: number[];
  };
}

/** Percentiles 0 … 99.9999 %, denser toward the tail (5 ticks per halving of the remaining distance). */
export const DISTRIBUTION_PERCENTILES = Array.from({ length: 101 }, (_, k) => 100 * (1 - 2 ** (-k / 5))).filter(
  (p) => p <= 99.9999,
);

function distributionOf(h: Histogram): number[] {
  return DISTRIBUTION_PERCENTILES.map((p) => (h.totalCount === 0 ? 0 : h.getValueAtPercentile(p) / 1000));
}

export function seriesOf(step: StepReport, index: number): StepSeries {
  const corrected = merged(step.histograms.corrected);
  const raw = merged(step.histograms.raw);
  const distribution: StepSeries['distribution'] = {
    percentiles: DISTRIBUTION_PERCENTILES,
    x: DISTRIBUTION_PERCENTILES.map((p) => 1 / (1 - p / 100)),
    corrected: distributionOf(corrected),
    raw: distributionOf(raw),
  };
  corrected.destroy();
  raw.destroy();
  if (step.delivery) {
    // A fan-out load: each member's receipt, from the due time, on the same axes as the ack.
    const delivery = merged(step.delivery.histograms);
    distribution.delivery = distributionOf(delivery);
    delivery.destroy();
  }
  const overTime: StepSeries['overTime'] = { t: [], p50: [], p99: [], max: [], sent: [], acked: [], target: [] };
  for (const i of step.intervals) {
    const h = merged(i.corrected);
    overTime.t.push(i.t);
    overTime.p50.push(h.totalCount ? h.getValueAtPercentile(50) / 1000 : 0);
    overTime.p99.push(h.totalCount ? h.getValueAtPercentile(99) / 1000 : 0);
    overTime.max.push(h.totalCount ? h.getValueAtPercentile(100) / 1000 : 0);
    overTime.sent.push(i.sent);
    overTime.acked.push(i.acked);
    overTime.target.push(step.targetRate);
    h.destroy();
  }
  return { label: `step ${index + 1}: ${step.targetRate}/s`, distribution, overTime };
}

export function loadSeries(report: LoadReport): StepSeries[] {
  return report.steps.map(seriesOf);
}
