import { HarnessError } from '../errors.js';
import type { LoadReport } from './run-load.js';
import { combineShardSteps, judge } from './step-report.js';
import type { Threshold } from './thresholds.js';
import { mergeFleets } from './fleet/merge-fleets.js';

/**
 * Shards' results as one run: histograms added (lossless), counters summed, thresholds judged on the merged
 * histogram, never on an average of shards. Harness memory is summed (each shard is its own harness); the
 * server's is the largest any shard saw; the connect-rate step is the first shard's that ran one.
 */
export function mergeShards(shards: LoadReport[], thresholds: Threshold[]): LoadReport {
  const stepsCount = shards[0].steps.length;
  if (shards.some((s) => s.steps.length !== stepsCount))
    throw new HarnessError('E_USAGE', 'merge: the shards ran different numbers of steps');
  const shardSkew = skewOf(shards);
  const steps = shards[0].steps.map((_, n) => {
    const parts = shards.map((s) => s.steps[n]);
    const starts = parts.map((p) => p.startedAtMs).filter((t): t is number => t !== undefined);
    const ends = parts.map((p) => p.endedAtMs).filter((t): t is number => t !== undefined);
    return {
      ...combineShardSteps(parts),
      ...(starts.length === parts.length ? { startedAtMs: Math.min(...starts), endedAtMs: Math.max(...ends) } : {}),
    };
  });
  const results = judge(thresholds, steps);
  const sum = (f: (r: LoadReport['resources']) => number) => shards.reduce((a, s) => a + f(s.resources), 0);
  const max = (f: (r: LoadReport['resources']) => number | null) => {
    const values = shards.map((s) => f(s.resources)).filter((v): v is number => v !== null);
    return values.length ? Math.max(...values) : null;
  };
  return {
    target: shards[0].target,
    config: {
      ...shards[0].config,
      connections: shards.reduce((a, s) => a + s.config.connections, 0),
      ...(shards[0].config.senders === undefined
        ? {}
        : { senders: shards.reduce((a, s) => a + (s.config.senders ?? 0), 0) }),
      shard: `merged ${shards.length}`,
      thresholds: thresholds.map((t) => t.expr),
    },
    ...(shardSkew ? { shardSkew } : {}),
    steps,
    thresholds: results,
    connectRate: shards.find((s) => s.connectRate)?.connectRate,
    ...(shards.some((s) => s.fleet) ? { fleet: mergeFleets(shards.map((s) => s.fleet)) } : {}),
    resources: {
      harnessRssStartMb: sum((r) => r.harnessRssStartMb),
      harnessRssEndMb: sum((r) => r.harnessRssEndMb),
      serverRssStartMb: max((r) => r.serverRssStartMb),
      serverRssEndMb: max((r) => r.serverRssEndMb),
    },
    verdict: results.every((t) => t.ok) ? 'pass' : 'fail',
  };
}

/**
 * How late each shard began the first step after the earliest; undefined for reports without step times (older
 * ones). Shards whose steps did not run at the same time cannot be one run: their sum would be a rate nobody sent.
 */
function skewOf(shards: LoadReport[]): { shard: string; startSkewMs: number }[] | undefined {
  const timed = shards.every((s) =>
    s.steps.every((step) => step.startedAtMs !== undefined && step.endedAtMs !== undefined),
  );
  if (!timed || shards[0].steps.length === 0) return undefined;
  const name = (s: LoadReport, k: number) => s.config.shard ?? `#${k + 1}`;
  shards[0].steps.forEach((_, n) => {
    const latest = shards.reduce((a, s, k) => (s.steps[n].startedAtMs! > shards[a].steps[n].startedAtMs! ? k : a), 0);
    const earliestEnd = shards.reduce((a, s, k) => (s.steps[n].endedAtMs! < shards[a].steps[n].endedAtMs! ? k : a), 0);
    if (shards[latest].steps[n].startedAtMs! >= shards[earliestEnd].steps[n].endedAtMs!) {
      const gap = Math.round(shards[latest].steps[n].startedAtMs! - shards[earliestEnd].steps[n].endedAtMs!);
      throw new HarnessError(
        'E_USAGE',
        `merge: step ${n + 1} of shard ${name(shards[latest], latest)} began ${gap} ms after shard ${name(shards[earliestEnd], earliestEnd)} had ended it: the shards did not run together (start them with the same --start-at)`,
      );
    }
  });
  const first = Math.min(...shards.map((s) => s.steps[0].startedAtMs!));
  return shards.map((s, k) => ({
    shard: name(s, k),
    startSkewMs: Math.round((s.steps[0].startedAtMs! - first) * 10) / 10,
  }));
}
