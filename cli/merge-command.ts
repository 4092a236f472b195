import { Command } from 'commander';
import { HarnessError } from '../harness/errors.js';
import { mergeShards } from '../harness/load/merge-shards.js';
import { parseThresholds } from '../harness/load/thresholds.js';
import { readRunFolder } from '../harness/results/run-folder.js';
import { writeLoadReport } from './load-report.js';
import { collect } from './parse-options.js';

/** `merge DIR…`: shards' results into one run (see mergeShards). */
export function mergeCommand(setExit: (code: number) => void): Command {
  return new Command('merge')
    .description("merge shards' load results (their load.json) and judge thresholds on the merged histograms")
    .argument('<dirs...>', 'shard output folders')
    .option('--out <dir>', 'output folder (default ./rtm-conformance-load-merged)')
    .option('--threshold <expr>', 'repeatable; default: the thresholds the shards ran with', collect)
    .action(async (dirs: string[], flags: { out?: string; threshold?: string[] }) => {
      const shards = dirs.map((d) => {
        const { load } = readRunFolder(d, 'merge');
        if (!load) throw new HarnessError('E_USAGE', `merge: ${d} holds no load.json`);
        return load;
      });
      const thresholds = parseThresholds(flags.threshold ?? shards[0].config.thresholds);
      setExit(await writeLoadReport(flags.out ?? 'rtm-conformance-load-merged', mergeShards(shards, thresholds)));
    });
}
