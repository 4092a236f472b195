import type { ClientTimeouts } from '../../harness/check/client-context.js';
import { runClientConformance } from '../../harness/plans/client-plan.js';
import type { CheckResult, RunEvent } from '../../harness/runner/events.js';
import { FAST, FAST_SETTINGS, SEED } from './grade.js';

/** Grades `command` with `--profile lifecycle` and `triggers` on the selected checks (all for none), short waits. */
export async function gradeLifecycle(
  command: string[],
  triggers: string[],
  checks: string[] = [],
  timeouts: ClientTimeouts = FAST,
  settings = FAST_SETTINGS,
): Promise<{ results: CheckResult[]; events: RunEvent[] }> {
  const events: RunEvent[] = [];
  const { results } = await runClientConformance(
    {
      command,
      attach: false,
      seed: SEED,
      runs: 5,
      suites: { include: [], exclude: [] },
      checks: { include: checks, exclude: [] },
      strict: false,
      timeouts,
      settings,
      profile: 'lifecycle',
      triggers,
    },
    'test',
    [(e) => void events.push(e)],
  );
  return { results, events };
}
