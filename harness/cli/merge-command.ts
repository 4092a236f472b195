import { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HarnessError } from '../errors.js';
import { type LoadReport, combineShardSteps, judge } from '../load/run-load.js';
import { writeLoadOutputs } from '../load/outputs.js';
import { parseThreshold } from '../load/thresholds.js';
import { writeHtmlReport } from '../../reports/html.js';
import { writeLoadJunit } from '../../reports/load-junit.js';
import { printLoadSummary } from '../../reports/load-console.js';
import { collect } from './parse-options.js';

/**
 * `merge DIR…`: shards' results into one run. Histograms are added (lossless), counters summed, and the
 * thresholds judged on the merged histogram, never on an average of shards.
 */
export function mergeCommand(setExit: (code: number) => void): Command {
  return new Command('merge')
    .description("merge shards' load results (their load.json) and judge thresholds on the merged histograms")
    .argument('<dirs...>', 'shard output folders')
    .option('--out <dir>', 'output folder (default ./rtm-conformance-load-merged)')
    .option('--threshold <expr>', 'repeatable; default: the thresholds the shards ran with', collect)
    .action(async (dirs: string[], flags) => {
      const shards: LoadReport[] = dirs.map((d) => {
        try {
          return JSON.parse(readFileSync(join(d, 'load.json'), 'utf8')) as LoadReport;
        } catch (err) {
          throw new HarnessError('E_USAGE', `merge: ${join(d, 'load.json')}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
        }
      });
      const stepsCount = shards[0].steps.length;
      if (shards.some((s) => s.steps.length !== stepsCount)) throw new HarnessError('E_USAGE', 'merge: the shards ran different numbers of steps');
      let thresholds;
      try {
        thresholds = ((flags.threshold as string[] | undefined) ?? shards[0].config.thresholds).map(parseThreshold);
      } catch (err) {
        throw new HarnessError('E_USAGE', `--threshold: ${(err as Error).message}`);
      }
      const steps = shards[0].steps.map((_, n) => combineShardSteps(shards.map((s) => s.steps[n])));
      const results = judge(thresholds, steps);
      const report: LoadReport = {
        target: shards[0].target,
        config: { ...shards[0].config, connections: shards.reduce((a, s) => a + s.config.connections, 0), shard: `merged ${shards.length}`, thresholds: thresholds.map((t) => t.expr) },
        steps,
        thresholds: results,
        resources: shards[0].resources,
        verdict: results.every((t) => t.ok) ? 'pass' : 'fail',
      };
      const out: string = flags.out ?? 'rtm-conformance-load-merged';
      await writeLoadOutputs(out, report);
      await writeLoadJunit(out, report);
      await writeHtmlReport(out, undefined, report);
      printLoadSummary(process.stdout, report);
      setExit(report.verdict === 'pass' ? 0 : 1);
    });
}
