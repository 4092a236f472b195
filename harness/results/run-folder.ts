import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { HarnessError } from '../errors.js';
import type { LoadReport } from '../load/run-load.js';
import { type ResultsFile, isResultsFile } from './results-file.js';

/** A report folder's data: results.json from `run`, load.json from `load` or `merge`, or both. */
export interface RunFolder {
  results?: ResultsFile;
  load?: LoadReport;
}

function isLoadReport(value: unknown): value is LoadReport {
  const v = value as Partial<LoadReport> | null;
  return typeof v === 'object' && v !== null && Array.isArray(v.steps) && typeof v.verdict === 'string';
}

function readJson<T>(file: string, valid: (v: unknown) => v is T, what: string): T | undefined {
  if (!existsSync(file)) return undefined;
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new HarnessError('E_USAGE', `${file}: ${(err as Error).message}`);
  }
  if (!valid(data)) throw new HarnessError('E_USAGE', `${file}: not a ${what}`);
  return data;
}

/** Reads a report folder; throws E_USAGE naming the file when one is unreadable or holds neither. */
export function readRunFolder(dir: string, command: string): RunFolder {
  const folder: RunFolder = { results: readResultsIn(dir), load: readLoadIn(dir) };
  if (!folder.results && !folder.load)
    throw new HarnessError('E_USAGE', `${command}: ${dir} holds neither results.json nor load.json`);
  return folder;
}

/** The folder's results.json, when it has one. */
export function readResultsIn(dir: string): ResultsFile | undefined {
  return readJson(join(dir, 'results.json'), isResultsFile, 'results.json of rtm-conformance run');
}

/** The folder's load.json, when it has one. */
export function readLoadIn(dir: string): LoadReport | undefined {
  return readJson(join(dir, 'load.json'), isLoadReport, 'load.json of rtm-conformance load');
}

/** Writes results.json. */
export async function writeResultsFile(out: string, file: ResultsFile): Promise<void> {
  await mkdir(out, { recursive: true });
  await writeFile(join(out, 'results.json'), `${JSON.stringify(file, null, 2)}\n`);
}
