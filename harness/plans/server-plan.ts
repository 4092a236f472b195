import type { Check } from '../check/check.js';
import type { RunOptions } from '../config/resolve.js';
import { HarnessError } from '../errors.js';
import { discoverChecks } from '../runner/discover.js';
import { type Listener, type RunOutcome, runPlan } from '../runner/engine.js';
import { selectChecks } from '../runner/select.js';
import { ServerSide } from '../target/server-side.js';
import type { Target } from '../target/target.js';

/** Discovers and selects the checks a run would execute, without touching the target. */
export async function planRun(options: Pick<RunOptions, 'suites' | 'checks'>): Promise<Check[]> {
  const checks = selectChecks(await discoverChecks(), options.suites, options.checks);
  if (checks.length === 0) throw new HarnessError('E_USAGE', '--suite/--check: the selection matches no check');
  return checks;
}

/** `run`: the selected server checks on the engine, against an acquired target; the caller closes the target. */
export async function runConformance(
  target: Target,
  options: RunOptions,
  version: string,
  listeners: Listener[],
): Promise<RunOutcome> {
  const checks = await planRun(options);
  return runPlan(
    checks,
    new ServerSide(target, options),
    { version, seed: options.seed, runs: options.runs, strict: options.strict },
    listeners,
  );
}
