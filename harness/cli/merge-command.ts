import { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HarnessError } from '../errors.js';
import { type LoadReport, addCounters, judge } from '../load/run-load.js';
import { writeLoadOutputs } from '../load/outputs.js';
import { parseThreshold } from '../load/thresholds.js';
import { writeHtmlReport } from '../../reports/html.js';
import { writeLoadJunit } from '../../reports/load-junit.js';
import { printLoadSummary } from '../../reports/load-console.js';
import { merged, percentiles } from '../load/histograms.js';
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
      const steps = shards[0].steps.map((_, n) => {
        const parts = shards.map((s) => s.steps[n]);
        const histograms = {
          corrected: parts.flatMap((p) => p.histograms.corrected),
          raw: parts.flatMap((p) => p.histograms.raw),
          sendLag: parts.flatMap((p) => p.histograms.sendLag),
        };
        const pct = (list: string[]) => {
          const h = merged(list);
          const p = percentiles(h);
          h.destroy();
          return p;
        };
        const byT = new Map<number, LoadReport['steps'][number]['intervals'][number]>();
        for (const i of parts.flatMap((p) => p.intervals)) {
          const e = byT.get(i.t) ?? { t: i.t, sent: 0, acked: 0, corrected: [], raw: [] };
          byT.set(i.t, { t: i.t, sent: e.sent + i.sent, acked: e.acked + i.acked, corrected: [...e.corrected, ...i.corrected], raw: [...e.raw, ...i.raw] });
        }
        const targetRate = parts.reduce((a, p) => a + p.targetRate, 0);
        const achievedRate = parts.reduce((a, p) => a + p.achievedRate, 0);
        return {
          ...parts[0],
          targetRate,
          achievedRate,
          counters: parts.map((p) => p.counters).reduce(addCounters),
          corrected: pct(histograms.corrected),
          raw: pct(histograms.raw),
          sendLag: pct(histograms.sendLag),
          eventLoopDelayP99Ms: Math.max(...parts.map((p) => p.eventLoopDelayP99Ms)),
          generatorBehind: parts.some((p) => p.generatorBehind),
          advice: parts.flatMap((p, k) => p.advice.map((a) => `shard ${k + 1}: ${a}`)),
          histograms,
          intervals: [...byT.values()].sort((a, b) => a.t - b.t),
        };
      });
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
