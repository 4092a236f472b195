import { HarnessError } from '../errors.js';
import { type LoadReport, combineShardSteps, judge } from './run-load.js';
import type { Threshold } from './thresholds.js';

/**
 * Shards' results as one run: histograms added (lossless), counters summed, thresholds judged on the merged
 * histogram, never on an average of shards. Harness memory is summed (each shard is its own harness); the
 * server's is the largest any shard saw; the connect-rate step is the first shard's that ran one.
 */
export function mergeShards(shards: LoadReport[], thresholds: Threshold[]): LoadReport {
  const stepsCount = shards[0].steps.length;
  if (shards.some((s) => s.steps.length !== stepsCount))
    throw new HarnessError('E_USAGE', 'merge: the shards ran different numbers of steps');
  const steps = shards[0].steps.map((_, n) => combineShardSteps(shards.map((s) => s.steps[n])));
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
      shard: `merged ${shards.length}`,
      thresholds: thresholds.map((t) => t.expr),
    },
    steps,
    thresholds: results,
    connectRate: shards.find((s) => s.connectRate)?.connectRate,
    resources: {
      harnessRssStartMb: sum((r) => r.harnessRssStartMb),
      harnessRssEndMb: sum((r) => r.harnessRssEndMb),
      serverRssStartMb: max((r) => r.serverRssStartMb),
      serverRssEndMb: max((r) => r.serverRssEndMb),
    },
    verdict: results.every((t) => t.ok) ? 'pass' : 'fail',
  };
}
