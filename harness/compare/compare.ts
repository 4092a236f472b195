import type { LoadReport } from '../load/run-load.js';
import { percentilesOf } from '../load/histograms.js';
import type { ResultsFile } from '../results/results-file.js';

export interface CheckChange {
  id: string;
  base: string;
  now: string;
  kind: 'new-failure' | 'fixed' | 'known-failure' | 'known-but-fixed' | 'unchanged' | 'added' | 'removed';
}

export interface LatencyChange {
  step: number;
  metric: 'p50' | 'p90' | 'p99' | 'p99.9' | 'max';
  baseUs: number;
  nowUs: number;
  /** (now - base) / base */
  change: number;
  /** Beyond the noise band, for the worse. */
  regression: boolean;
}

export interface Comparison {
  checks: CheckChange[];
  latency: LatencyChange[];
  noiseBand: number;
  noiseBandSource: string;
  regressions: string[];
  verdict: 'pass' | 'fail';
}

const FAILING = new Set(['fail', 'error']);

/** Conformance: what newly fails, what got fixed; with a known-failures baseline, only news counts. */
export function compareChecks(
  base: ResultsFile | undefined,
  now: ResultsFile | undefined,
  known: Set<string> | undefined,
  strict: boolean,
): CheckChange[] {
  const failing = (s: string) => FAILING.has(s) || (strict && s === 'warn');
  const b = new Map((base?.checks ?? []).map((c) => [c.id, c.status]));
  const n = new Map((now?.checks ?? []).map((c) => [c.id, c.status]));
  const ids = [...new Set([...b.keys(), ...n.keys()])].sort();
  return ids.map((id) => {
    const bs = b.get(id) ?? '-';
    const ns = n.get(id) ?? '-';
    let kind: CheckChange['kind'];
    if (bs === '-') kind = 'added';
    else if (ns === '-') kind = 'removed';
    else if (known?.has(id)) kind = failing(ns) ? 'known-failure' : 'known-but-fixed';
    else if (failing(ns) && !failing(bs)) kind = 'new-failure';
    else if (!failing(ns) && failing(bs)) kind = 'fixed';
    else kind = 'unchanged';
    if (kind === 'added' && failing(ns) && !known?.has(id)) kind = 'new-failure';
    return { id, base: bs, now: ns, kind };
  });
}

/**
 * The noise band from the runs themselves: twice the larger coefficient of variation of the per-second
 * corrected p99 in either run, at least 5 %. Latency on a shared 2-core VM moves by that much on its own.
 */
export function noiseBandOf(base: LoadReport, now: LoadReport): number {
  const cv = (r: LoadReport) => {
    const p99s = r.steps
      .flatMap((s) => s.intervals.map((i) => percentilesOf(i.corrected)))
      .filter((p) => p.count > 0)
      .map((p) => p.p99);
    if (p99s.length < 2) return 0;
    const mean = p99s.reduce((a, b) => a + b, 0) / p99s.length;
    const sd = Math.sqrt(p99s.reduce((a, b) => a + (b - mean) ** 2, 0) / (p99s.length - 1));
    return mean > 0 ? sd / mean : 0;
  };
  return Math.max(0.05, 2 * Math.max(cv(base), cv(now)));
}

export function compareLatency(base: LoadReport, now: LoadReport, band: number): LatencyChange[] {
  const out: LatencyChange[] = [];
  const steps = Math.min(base.steps.length, now.steps.length);
  for (let s = 0; s < steps; s++) {
    for (const metric of ['p50', 'p90', 'p99', 'p99.9', 'max'] as const) {
      const baseUs = base.steps[s].corrected[metric];
      const nowUs = now.steps[s].corrected[metric];
      const change = baseUs > 0 ? (nowUs - baseUs) / baseUs : 0;
      // p50 and p99 gate; the far tail is shown but, on a shared machine, too noisy to gate on.
      out.push({
        step: s + 1,
        metric,
        baseUs,
        nowUs,
        change,
        regression: (metric === 'p50' || metric === 'p99') && change > band,
      });
    }
  }
  return out;
}

export function compareRuns(
  base: { results?: ResultsFile; load?: LoadReport },
  now: { results?: ResultsFile; load?: LoadReport },
  options: { known?: Set<string>; noiseBand?: number; strict?: boolean },
): Comparison {
  const checks = compareChecks(base.results, now.results, options.known, options.strict ?? false);
  let latency: LatencyChange[] = [];
  let noiseBand = options.noiseBand ?? 0;
  let noiseBandSource = options.noiseBand !== undefined ? 'set with --noise' : 'no load results';
  if (base.load && now.load) {
    if (options.noiseBand === undefined) {
      noiseBand = noiseBandOf(base.load, now.load);
      noiseBandSource = 'twice the spread of the per-second p99 in the two runs (at least 5 %)';
    }
    latency = compareLatency(base.load, now.load, noiseBand);
  }
  const regressions = [
    ...checks.filter((c) => c.kind === 'new-failure').map((c) => `${c.id} newly fails (${c.base} → ${c.now})`),
    ...checks
      .filter((c) => c.kind === 'known-but-fixed')
      .map((c) => `${c.id} is in the known-failures baseline but now ${c.now}: remove it from the baseline`),
    ...latency
      .filter((l) => l.regression)
      .map(
        (l) =>
          `step ${l.step} ${l.metric} ${(l.baseUs / 1000).toFixed(3)} → ${(l.nowUs / 1000).toFixed(3)} ms (+${(l.change * 100).toFixed(1)} %, band ${(noiseBand * 100).toFixed(1)} %)`,
      ),
  ];
  return { checks, latency, noiseBand, noiseBandSource, regressions, verdict: regressions.length ? 'fail' : 'pass' };
}
