import type { Check } from '../check/check.js';
import type { ClientContext } from '../check/client-context.js';
import { ClientSide, type ClientRunOptions } from '../client/client-side.js';
import { HarnessError } from '../errors.js';
import { discoverClientChecks } from '../runner/discover.js';
import { type Listener, type RunOutcome, runPlan } from '../runner/engine.js';
import { selectChecks } from '../runner/select.js';
import { checksForProfile } from './client-profile.js';

export type { ClientRunOptions };

/** The client checks a run would execute, in their fixed order, as its profile runs them, without starting anything. */
export async function planClientRun(
  options: Pick<ClientRunOptions, 'suites' | 'checks' | 'profile'>,
): Promise<Check<ClientContext>[]> {
  const checks = selectChecks(await discoverClientChecks(), options.suites, options.checks);
  if (checks.length === 0) throw new HarnessError('E_USAGE', '--suite/--check: the selection matches no client check');
  return checksForProfile(checks, options.profile ?? 'echo');
}

/** Client mode: the selected client checks on the engine, against the client under test; the same event stream as `run`. */
export async function runClientConformance(
  options: ClientRunOptions,
  version: string,
  listeners: Listener[],
): Promise<RunOutcome> {
  const checks = await planClientRun(options);
  const side = await ClientSide.acquire(options);
  try {
    return await runPlan(
      checks,
      side,
      { version, seed: options.seed, runs: options.runs, strict: options.strict },
      listeners,
    );
  } finally {
    await side.close();
  }
}
