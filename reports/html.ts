import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { LoadReport } from '../harness/load/run-load.js';
import type { RunEvent } from '../harness/runner/events.js';
import { type ResultsFile, resultsFileOf } from './json.js';
import { renderReport } from './html/page.js';
import type { Reporter } from './reporter.js';

function readJson<T>(file: string): T | undefined {
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as T) : undefined;
}

/** Writes index.html in `out` from whatever results it holds: results.json and/or load.json. */
export async function writeHtmlReport(out: string, results?: ResultsFile, load?: LoadReport): Promise<void> {
  const r = results ?? readJson<ResultsFile>(join(out, 'results.json'));
  const l = load ?? readJson<LoadReport>(join(out, 'load.json'));
  await mkdir(out, { recursive: true });
  await writeFile(join(out, 'index.html'), renderReport(r, l));
}

export function htmlReporter(out: string): Reporter {
  return {
    async onEvent(e: RunEvent) {
      if (e.type !== 'run-end') return;
      await writeHtmlReport(out, resultsFileOf(e.info, e.results, e.summary, e.durationMs, e.verdict));
    },
  };
}
