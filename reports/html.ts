import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { LoadReport } from '../harness/load/run-load.js';
import type { RunEvent } from '../harness/runner/events.js';
import { type ResultsFile, resultsFileOf } from '../harness/results/results-file.js';
import { readLoadIn, readResultsIn } from '../harness/results/run-folder.js';
import { renderReport } from './html/page.js';
import { type Reporter, keepRestarts } from './reporter.js';

/** Writes index.html in `out` from the results given and whatever else the folder holds (results.json, load.json). */
export async function writeHtmlReport(out: string, results?: ResultsFile, load?: LoadReport): Promise<void> {
  // Only what was not handed over is read: `run` and `load` writing to one folder share one page.
  const page = renderReport(results ?? readResultsIn(out), load ?? readLoadIn(out));
  await mkdir(out, { recursive: true });
  await writeFile(join(out, 'index.html'), page);
}

export function htmlReporter(out: string): Reporter {
  const restarts = keepRestarts();
  return {
    async onEvent(e: RunEvent) {
      restarts.note(e);
      if (e.type !== 'run-end') return;
      await writeHtmlReport(out, restarts.into(resultsFileOf(e.info, e.results, e.summary, e.durationMs, e.verdict)));
    },
  };
}
