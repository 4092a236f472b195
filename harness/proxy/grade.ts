import { type Listener, type RunOutcome, runPlan } from '../runner/engine.js';
import { passivePlan } from './passive-plan.js';
import { readRecording } from './recorded-traffic.js';
import { RecordingSide } from './recording-side.js';

/**
 * Grades a recording: every passive judge, through the one engine, so that results, reports and exit codes are those
 * of `run` and `client`. The proxy calls it on the file it has just finished, and `report RECORDING` on a saved one:
 * the same file read the same way gives the same results.
 */
export async function gradeRecording(
  file: string,
  settings: { version: string; strict: boolean },
  listeners: readonly Listener[],
): Promise<RunOutcome> {
  const traffic = await readRecording(file);
  return runPlan(await passivePlan(), new RecordingSide(traffic), { ...settings, seed: 0, runs: 1 }, listeners);
}
