import type { RunEvent } from '../harness/runner/events.js';
import { resultsFileOf } from '../harness/results/results-file.js';
import { writeResultsFile } from '../harness/results/run-folder.js';
import type { Reporter } from './reporter.js';

/** Writes results.json at the end of the run. */
export function jsonReporter(out: string): Reporter {
  return {
    async onEvent(e: RunEvent) {
      if (e.type !== 'run-end') return;
      await writeResultsFile(out, resultsFileOf(e.info, e.results, e.summary, e.durationMs, e.verdict));
    },
  };
}
