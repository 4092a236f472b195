import type { Selection } from '../config/resolve.js';
import { HarnessError } from '../errors.js';
import type { Check } from '../runner/check.js';
import { discoverClientChecks } from '../runner/discover.js';
import { type CheckResult, type RunEvent, type RunInfo, emptySummary } from '../runner/events.js';
import { type Outcome, judgeEvidence } from '../runner/evidence-rule.js';
import { resultOf } from '../runner/execute-check.js';
import { verdictOf } from '../runner/outcome.js';
import type { Listener } from '../runner/run.js';
import { planOf } from '../runner/run.js';
import { selectChecks } from '../runner/select.js';
import { ClauseViolation } from '../runner/violation.js';
import { ClientContext, type ClientSettings, type ClientTimeouts } from './client-context.js';
import { ClientProcess } from './client-process.js';
import { acquireClientTarget } from './client-target.js';
import { transcriptOf } from './client-transcript.js';

export interface ClientRunOptions {
  /** The client under test; undefined with `attach`. */
  command?: string[];
  /** Print the variables and wait for a client started by hand. */
  attach: boolean;
  seed: number;
  runs: number;
  suites: Selection;
  checks: Selection;
  strict: boolean;
  timeouts: ClientTimeouts;
  settings: ClientSettings;
  /** Told the contract's variables before the client starts (for --attach, the console prints them). */
  onEnv?: (env: Record<string, string>) => void;
}

/** A client check's own bound, on top of its waits. */
const CHECK_BUDGET_MS = 120_000;

export async function planClientRun(options: Pick<ClientRunOptions, 'suites' | 'checks'>): Promise<Check<ClientContext>[]> {
  const checks = selectChecks(await discoverClientChecks(), options.suites, options.checks);
  if (checks.length === 0) throw new HarnessError('E_USAGE', '--suite/--check: the selection matches no client check');
  return checks;
}

/**
 * Client mode: the reference server in process, the client under test connected to it, and every client check
 * run in its fixed order (they share the one client), emitting the same event stream as `run`.
 */
export async function runClientConformance(options: ClientRunOptions, version: string, listeners: Listener[]): Promise<{ verdict: 'pass' | 'fail' | 'error'; results: CheckResult[] }> {
  const checks = await planClientRun(options);
  const emit = async (e: RunEvent) => {
    for (const l of listeners) await l(e);
  };
  const { target, observatory, env } = await acquireClientTarget(options.seed);
  const client = options.command ? new ClientProcess(options.command, env, target.redactor) : undefined;
  const info: RunInfo = {
    tool: { name: 'rtm-conformance', version },
    target: { api: `client under test: ${target.redactor.text(options.command?.join(' ') ?? 'attached by hand')}`, embedded: true, faults: [] },
    seed: options.seed,
    runs: options.runs,
    startedAt: new Date().toISOString(), // a label for the report; durations use hrtime
    strict: options.strict,
  };
  const started = performance.now();
  const results: CheckResult[] = [];
  try {
    await emit({ type: 'run-start', info, plan: planOf(checks) });
    options.onEnv?.(env);
    client?.start();
    const ctxFor = () => new ClientContext({ server: target.server, observatory, process: client, timeouts: options.timeouts, settings: options.settings, seed: options.seed, runs: options.runs });
    const first = await ctxFor().awaitConnection(0, options.attach ? 10 * 60_000 : options.timeouts.connectMs);
    await emit({ type: 'probe', finding: first ? `client: connected ${Math.round(first.openedAt - started)} ms after it started` : 'client: no connection yet' });
    for (const check of checks) {
      await emit({ type: 'check-start', id: check.id, waitsMs: check.needs.waitsOnClock ? options.settings.idleMs : undefined });
      const result = await executeClientCheck(check, ctxFor(), client);
      results.push(target.redactor.value(result));
      await emit({ type: 'check-end', result: results.at(-1)! });
    }
    const summary = emptySummary();
    for (const r of results) summary[r.status] += 1;
    const verdict = verdictOf(summary, options.strict);
    await emit({ type: 'run-end', info, results, summary, durationMs: Math.round(performance.now() - started), verdict });
    return { verdict, results };
  } finally {
    await client?.stop();
    await target.close();
  }
}

async function executeClientCheck(check: Check<ClientContext>, ctx: ClientContext, client: ClientProcess | undefined): Promise<CheckResult> {
  const started = ctx.now();
  let outcome: Outcome;
  const gone = client?.exit && check.id !== 'client.survives';
  if (gone) outcome = { kind: 'error', message: `the client process has exited (${client!.exit!.signal ?? `code ${client!.exit!.code}`}): see client.survives` };
  else outcome = await runBounded(check, ctx);
  const result = resultOf(check, outcome, ctx.now() - started);
  if (result.status !== 'pass') result.transcript = transcriptOf(ctx.observatory, started);
  // The client's own words: its output tail (redacted, bounded) rides with the process check, pass or fail.
  if (check.id === 'client.survives' && client) {
    const tail = client.output().split('\n').filter(Boolean).slice(-40).map((text, i) => ({ t: i, dir: 'note' as const, conn: 'client output', text }));
    result.transcript = [...(result.transcript ?? []), ...tail];
  }
  return result;
}

async function runBounded(check: Check<ClientContext>, ctx: ClientContext): Promise<Outcome> {
  if (check.premises.includes('client-connect')) {
    if (check.judgesWholeRun) ctx.saw('client-connect', ctx.observatory.connections.length);
    else if (await ctx.waitFor(() => ctx.live(), ctx.timeouts.connectMs)) ctx.saw('client-connect');
    else return judgeEvidence(check, { kind: 'held' }, ctx.evidence);
  }
  let timer: NodeJS.Timeout | undefined;
  try {
    const overrun = new Promise<Outcome>((resolve) => {
      timer = setTimeout(() => resolve({ kind: 'error', message: `the check did not finish within ${CHECK_BUDGET_MS / 1000} s` }), CHECK_BUDGET_MS);
    });
    return judgeEvidence(check, await Promise.race([check.run(ctx), overrun]), ctx.evidence);
  } catch (err) {
    if (err instanceof ClauseViolation) return { kind: 'broken', message: err.message, expected: err.expected, actual: err.actual };
    return { kind: 'error', message: err instanceof Error ? err.message : String(err) };
  } finally {
    clearTimeout(timer);
  }
}
