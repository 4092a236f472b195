import { type RunFlags, resolveRunOptions, targetSpecOf } from '../../harness/config/resolve.js';
import type { CheckResult } from '../../harness/runner/events.js';
import type { Listener } from '../../harness/runner/engine.js';
import { runConformance } from '../../harness/plans/server-plan.js';
import { acquireTarget } from '../../harness/target/acquire-target.js';

/** Resolves flags as the CLI would (no env, no config file), acquires the target, runs, and closes it. */
export async function runWithFlags(flags: RunFlags, listeners: Listener[] = []): Promise<CheckResult[]> {
  const options = resolveRunOptions({ reporter: ['json'], out: '/tmp/unused', ...flags }, {}, '/');
  const target = await acquireTarget(targetSpecOf(options));
  try {
    return (await runConformance(target, options, 'test', listeners)).results;
  } finally {
    await target.close();
  }
}

/** Every selected suite against the embedded server. */
export const runEmbedded = (flags: RunFlags): Promise<CheckResult[]> => runWithFlags(flags);
