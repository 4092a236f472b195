import type { Check } from '../check/check.js';
import { schedule } from './claims.js';
import { Emitter, type Listener, type ListenerFailure } from './emitter.js';
import { type CheckResult, type PlanEntry, type RunInfo, emptySummary } from './events.js';
import { executeCheck } from './execute-check.js';
import { verdictOf } from './outcome.js';
import { Pointers } from './pointers.js';
import type { Side } from './side.js';

export type { Listener };

export interface RunOutcome {
  verdict: 'pass' | 'fail' | 'error';
  results: CheckResult[];
  /** Listeners (reporters) that threw; the run went on. */
  listenerFailures: ListenerFailure[];
}

/** What a run is, apart from its checks and its side: for the report's header. */
export interface RunSettings {
  version: string;
  seed: number;
  runs: number;
  strict: boolean;
}

/** The plan of a run: server checks or client checks alike. */
export function planOf(
  checks: readonly Pick<Check<never>, 'id' | 'suite' | 'level' | 'title' | 'needs' | 'premises' | 'behaviours'>[],
): PlanEntry[] {
  return checks.map((c) => {
    const notChecked = (c.behaviours ?? []).flatMap((b) =>
      'notChecked' in b ? [{ says: b.says, why: b.notChecked }] : [],
    );
    return {
      id: c.id,
      suite: c.suite,
      level: c.level,
      title: c.title,
      needs: c.needs,
      premises: c.premises,
      ...(notChecked.length > 0 ? { notChecked } : {}),
    };
  });
}

/**
 * The one execution engine: any plan of checks against any side (a server target or a client under test).
 * First contact decides what the side can be judged on; the checks then run in the side's lanes, a check that
 * waits on the clock beside the others, a check that owns a user alone; every event goes to every listener.
 */
export async function runPlan<Ctx>(
  checks: readonly Check<Ctx>[],
  side: Side<Ctx>,
  settings: RunSettings,
  listeners: readonly Listener[],
): Promise<RunOutcome> {
  const emitter = new Emitter(listeners);
  const info: RunInfo = {
    tool: { name: 'rtm-conformance', version: settings.version },
    target: side.label,
    seed: settings.seed,
    runs: settings.runs,
    startedAt: new Date().toISOString(), // a label for the report; durations use performance.now()
    strict: settings.strict,
  };
  const started = performance.now();
  await emitter.emit({ type: 'run-start', info, plan: planOf(checks) });
  side.listen?.((event) => emitter.emit(event));
  await emitter.emit({ type: 'probe', finding: await side.open() });
  const results: CheckResult[] = new Array(checks.length);
  const pointers = new Pointers(checks.map((c) => c.id));
  const ending: Promise<void>[] = [];
  // Clock-bound checks start first: they mostly wait, beside the others.
  const beside = (i: number) => side.clockBeside && !!checks[i].needs.waitsOnClock;
  const indices = checks.map((_, i) => i).sort((a, b) => Number(beside(b)) - Number(beside(a)));
  const laneOf = (i: number) =>
    beside(i) ? { name: 'clock', width: checks.length } : { name: 'main', width: side.concurrency };
  await schedule(
    indices,
    laneOf,
    (i) => side.claims(checks[i]),
    async (i) => {
      const check = checks[i];
      await emitter.emit({ type: 'check-start', id: check.id, waitsMs: side.waitsMs(check) });
      const result = await executeCheck(check, side);
      pointers.end(result);
      // Its end is told once the check it points at has ended; the lane is free meanwhile.
      ending.push(
        pointers.resolve(result).then(async (shown) => {
          results[i] = shown;
          await emitter.emit({ type: 'check-end', result: shown });
        }),
      );
    },
  );
  await Promise.all(ending);
  const summary = emptySummary();
  for (const r of results) summary[r.status] += 1;
  const verdict = verdictOf(summary, settings.strict);
  await emitter.emit({
    type: 'run-end',
    info,
    results,
    summary,
    durationMs: Math.round(performance.now() - started),
    verdict,
  });
  return { verdict, results, listenerFailures: emitter.failures };
}
