import { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { compareRuns } from '../harness/compare/compare.js';
import { HarnessError } from '../harness/errors.js';
import { readRunFolder } from '../harness/results/run-folder.js';
import { renderComparison } from '../reports/html/compare-page.js';

/** `compare BASE NEW`: what changed; exit 1 on a regression (a new failure, a fixed known failure, latency beyond the noise band). */
export function compareCommand(setExit: (code: number) => void): Command {
  return new Command('compare')
    .description('compare two report folders: new failures, fixes, and latency beyond the noise band')
    .argument('<base>', 'the baseline run folder')
    .argument('<new>', 'the new run folder')
    .option(
      '--baseline <file>',
      'known failures (JSON: an array of check ids, or {"failures": [...]}): only new findings fail',
    )
    .option(
      '--noise <percent>',
      "latency noise band in percent (default: from the runs' own interval spread, at least 5)",
    )
    .option('--strict', 'a new warn counts as a failure')
    .option('--out <dir>', 'where compare.html goes (default: NEW)')
    .action(async (baseDir: string, newDir: string, flags) => {
      let known: Set<string> | undefined;
      if (flags.baseline) {
        try {
          const data = JSON.parse(readFileSync(flags.baseline, 'utf8')) as string[] | { failures: string[] };
          known = new Set(Array.isArray(data) ? data : data.failures);
        } catch (err) {
          throw new HarnessError(
            'E_USAGE',
            `--baseline ${flags.baseline}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
          );
        }
      }
      let noiseBand: number | undefined;
      if (flags.noise !== undefined) {
        noiseBand = Number(flags.noise) / 100;
        if (!Number.isFinite(noiseBand) || noiseBand < 0)
          throw new HarnessError('E_USAGE', `--noise: expected a percentage, got "${flags.noise}"`);
      }
      const comparison = compareRuns(readRunFolder(baseDir, 'compare'), readRunFolder(newDir, 'compare'), {
        known,
        noiseBand,
        strict: flags.strict,
      });
      const out: string = flags.out ?? newDir;
      await mkdir(out, { recursive: true });
      await writeFile(join(out, 'compare.html'), renderComparison(comparison, baseDir, newDir));
      const lines = [
        ...comparison.checks
          .filter((c) => c.kind !== 'unchanged')
          .map((c) => `${c.kind.padEnd(16)} ${c.id} (${c.base} → ${c.now})`),
        ...comparison.latency
          .filter((l) => l.metric === 'p50' || l.metric === 'p99')
          .map(
            (l) =>
              `step ${l.step} ${l.metric.padEnd(5)} ${(l.baseUs / 1000).toFixed(3)} → ${(l.nowUs / 1000).toFixed(3)} ms (${l.change >= 0 ? '+' : ''}${(l.change * 100).toFixed(1)} %)${l.regression ? '  REGRESSION' : ''}`,
          ),
        `noise band ${(comparison.noiseBand * 100).toFixed(1)} % (${comparison.noiseBandSource})`,
        comparison.verdict === 'pass'
          ? 'compare: no regression'
          : `compare: ${comparison.regressions.length} regression(s):\n  ${comparison.regressions.join('\n  ')}`,
        `rtm-conformance: wrote ${join(out, 'compare.html')}`,
      ];
      process.stdout.write(`${lines.join('\n')}\n`);
      setExit(comparison.verdict === 'pass' ? 0 : 1);
    });
}
