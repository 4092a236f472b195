import type { RunOptions } from '../config/resolve.js';
import { HarnessError } from '../errors.js';
import { type ProbeResult, probeTarget } from '../target/probe.js';
import type { Target } from '../target/target.js';
import type { Check } from './check.js';
import { discoverChecks } from './discover.js';
import { type CheckResult, type PlanEntry, type RunEvent, type RunInfo, emptySummary } from './events.js';
import { type RunContext, executeCheck } from './execute-check.js';
import { verdictOf } from './outcome.js';
import { RunHealth } from './run-health.js';
import { selectChecks } from './select.js';
import { timeoutsFor } from './timeouts.js';

export type Listener = (event: RunEvent) => void | Promise<void>;

export interface RunOutcome {
  verdict: 'pass' | 'fail' | 'error';
  results: CheckResult[];
}

/** Checks running at once; clock-bound checks (URL expiry) run beside these. */
const CONCURRENCY = 4;

/** The plan of a run: server checks or client checks alike. */
export function planOf(checks: readonly Pick<Check<never>, 'id' | 'suite' | 'level' | 'title' | 'needs' | 'premises'>[]): PlanEntry[] {
  return checks.map((c) => ({ id: c.id, suite: c.suite, level: c.level, title: c.title, needs: c.needs, premises: c.premises }));
}

/** Discovers and selects the checks a run would execute, without touching the target. */
export async function planRun(options: RunOptions): Promise<Check[]> {
  const checks = selectChecks(await discoverChecks(), options.suites, options.checks);
  if (checks.length === 0) throw new HarnessError('E_USAGE', '--suite/--check: the selection matches no check');
  return checks;
}

/** Runs the selected checks against an acquired target and emits the event stream; the caller closes the target. */
export async function runConformance(target: Target, options: RunOptions, version: string, listeners: Listener[]): Promise<RunOutcome> {
  const checks = await planRun(options);
  const emit = async (e: RunEvent) => {
    for (const l of listeners) await l(e);
  };
  const info: RunInfo = {
    tool: { name: 'rtm-conformance', version },
    target: { api: target.redactor.text(target.apiUrl), embedded: target.embedded, faults: target.faults },
    seed: options.seed,
    runs: options.runs,
    startedAt: new Date().toISOString(), // a label for the report; durations use hrtime
    strict: options.strict,
  };
  const started = performance.now();
  const timeouts = timeoutsFor(target.embedded, options.timeouts);
  await emit({ type: 'run-start', info, plan: planOf(checks) });
  // One connection decides whether the target speaks RTM at all: a dead one is judged in seconds, not per check.
  const probe = await probeTarget(target, timeouts);
  await emit({ type: 'probe', finding: probeSummary(probe) });
  const run: RunContext = { options, target, timeouts, probe, health: new RunHealth() };
  const results: CheckResult[] = new Array(checks.length);
  const runOne = async (i: number) => {
    const check = checks[i];
    await emit({ type: 'check-start', id: check.id, waitsMs: check.needs.waitsOnClock ? clockWaitMs(options.expect.urlTtlSec) : undefined });
    results[i] = await executeCheck(check, run);
    await emit({ type: 'check-end', result: results[i] });
  };
  const indices = checks.map((_, i) => i);
  const clockBound = indices.filter((i) => checks[i].needs.waitsOnClock);
  const others = indices.filter((i) => !checks[i].needs.waitsOnClock);
  await Promise.all([pool(clockBound, clockBound.length, runOne), pool(others, CONCURRENCY, runOne)]);
  const summary = emptySummary();
  for (const r of results) summary[r.status] += 1;
  const verdict = verdictOf(summary, options.strict);
  await emit({ type: 'run-end', info, results, summary, durationMs: Math.round(performance.now() - started), verdict });
  return { verdict, results };
}

/** About how long a clock-bound check waits: the latest late URL is used at the lifetime plus two margins. */
function clockWaitMs(urlTtlSec: number): number {
  const ttlMs = urlTtlSec * 1000;
  return ttlMs + 2 * Math.max(1000, ttlMs * 0.1);
}

/** Runs `queue` through `width` workers at once. */
async function pool(queue: number[], width: number, run: (i: number) => Promise<void>): Promise<void> {
  const workers = Array.from({ length: Math.min(width, queue.length) }, async () => {
    for (let i = queue.shift(); i !== undefined; i = queue.shift()) await run(i);
  });
  await Promise.all(workers);
}

/** One line on what the probe found, for the event stream (and so the console). */
function probeSummary(probe: ProbeResult): string {
  switch (probe.kind) {
    case 'live':
      return `probe: ${probe.connectMethod}, upgrade and hello: the target speaks RTM${probe.note ? ` (${probe.note})` : ''}`;
    case 'no-web-api':
      return `probe: no socket URL: ${probe.finding}; every check is an error`;
    case 'no-hello':
      return probe.answers
        ? `probe: ${probe.finding}; the checks run without waiting for hello, and none can pass without it`
        : `probe: ${probe.finding}; checks that need a live connection are judged from that at once`;
  }
}
