import type { RunEvent } from '../harness/runner/events.js';
import { resultsFileOf } from '../harness/results/results-file.js';
import { writeResultsFile } from '../harness/results/run-folder.js';
import { type Reporter, keepRestarts } from './reporter.js';

/** Writes results.json at the end of the run. */
export function jsonReporter(out: string): Reporter {
  const restarts = keepRestarts();
  return {
    async onEvent(e: RunEvent) {
      restarts.note(e);
      if (e.type !== 'run-end') return;
      await writeResultsFile(out, restarts.into(resultsFileOf(e.info, e.results, e.summary, e.durationMs, e.verdict)));
    },
  };
}
