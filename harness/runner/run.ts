import type { RunOptions } from '../config/resolve.js';
import { HarnessError } from '../errors.js';
import { Redactor } from '../redact.js';
import { type RunningServer, startServer } from '../server/server.js';
import { callWebApi } from '../session/rtm-connect.js';
import { Transcript } from '../session/transcript.js';
import type { Check, Finding } from './check.js';
import { CheckContext, type Target, type Timeouts } from './context.js';
import { discoverChecks } from './discover.js';
import { type CheckResult, type PlanEntry, type RunEvent, type RunInfo, emptySummary } from './events.js';
import { statusOf, verdictOf } from './outcome.js';
import { selectChecks } from './select.js';
import { ClauseViolation } from './violation.js';

export type Listener = (event: RunEvent) => void | Promise<void>;

export interface RunOutcome {
  verdict: 'pass' | 'fail' | 'error';
  results: CheckResult[];
}

/** Waits against the embedded server (in process: fast and quiet) and against a remote target (README, "Bounds"). */
export const EMBEDDED_TIMEOUTS: Timeouts = { replyMs: 1000, helloMs: 1500, closeMs: 2000, quietMs: 300, httpMs: 5000 };
export const REMOTE_TIMEOUTS: Timeouts = { replyMs: 5000, helloMs: 10_000, closeMs: 10_000, quietMs: 1500, httpMs: 10_000 };

/** Checks running at once; clock-bound checks (URL expiry) run beside these. */
const CONCURRENCY = 4;

export function planOf(checks: Check[]): PlanEntry[] {
  return checks.map((c) => ({ id: c.id, suite: c.suite, level: c.level, title: c.title, needs: c.needs }));
}

/** Discovers and selects the checks a run would execute, without touching the target. */
export async function planRun(options: RunOptions): Promise<Check[]> {
  const checks = selectChecks(await discoverChecks(), options.suites, options.checks);
  if (checks.length === 0) throw new HarnessError('E_USAGE', '--suite/--check: the selection matches no check');
  return checks;
}

/** Runs the selected checks against the target (or the embedded server) and emits the event stream. */
export async function runConformance(options: RunOptions, version: string, listeners: Listener[]): Promise<RunOutcome> {
  const checks = await planRun(options);
  const redactor = new Redactor();
  for (const t of options.target.tokens) redactor.add(t);
  const emit = async (e: RunEvent) => {
    for (const l of listeners) await l(e);
  };
  let server: RunningServer | undefined;
  let target: Target;
  if (options.target.api === undefined) {
    server = await startServer({
      urlTtlMs: options.expect.urlTtlSec * 1000,
      maxMessageBytes: options.expect.maxMessageBytes,
      faults: options.embeddedFaults,
      seed: options.seed,
    }).catch((err: Error) => {
      throw new HarnessError('E_USAGE', `--fault: ${err.message}`);
    });
    const users = server.fixture.users.filter((u) => !u.deactivated);
    for (const u of server.fixture.users) redactor.add(u.token);
    target = { apiUrl: server.apiUrl, tokens: users.map((u) => u.token), channel: server.fixture.channels[0].id, embedded: true, maxFrameBytes: options.maxFrameBytes };
  } else {
    target = { apiUrl: options.target.api, tokens: options.target.tokens, channel: options.target.channel, embedded: false, tls: options.tls, maxFrameBytes: options.maxFrameBytes };
  }
  const info: RunInfo = {
    tool: { name: 'rtm-conformance', version },
    target: { api: redactor.text(target.apiUrl), embedded: target.embedded, faults: options.embeddedFaults },
    seed: options.seed,
    runs: options.runs,
    startedAt: new Date().toISOString(), // a label for the report; durations use hrtime
    strict: options.strict,
  };
  const started = performance.now();
  const timeouts: Timeouts = {
    ...(target.embedded ? EMBEDDED_TIMEOUTS : REMOTE_TIMEOUTS),
    ...options.timeouts,
  };
  try {
    await emit({ type: 'run-start', info, plan: planOf(checks) });
    const unreachable = target.embedded ? undefined : await preflight(target, timeouts.httpMs, redactor);
    const results: CheckResult[] = new Array(checks.length);
    const order = checks.map((c, i) => i).sort((a, b) => Number(!!checks[b].needs.waitsOnClock) - Number(!!checks[a].needs.waitsOnClock));
    const clockBound = order.filter((i) => checks[i].needs.waitsOnClock);
    const others = order.filter((i) => !checks[i].needs.waitsOnClock);
    const runOne = async (i: number) => {
      const check = checks[i];
      await emit({ type: 'check-start', id: check.id });
      const result = unreachable
        ? resultOf(check, { kind: 'error', message: unreachable }, 0)
        : await executeCheck(check, options, target, timeouts, redactor);
      results[i] = result;
      await emit({ type: 'check-end', result });
    };
    const pool = async (queue: number[], width: number) => {
      const workers = Array.from({ length: Math.min(width, queue.length) }, async () => {
        for (let i = queue.shift(); i !== undefined; i = queue.shift()) await runOne(i);
      });
      await Promise.all(workers);
    };
    await Promise.all([pool(clockBound, clockBound.length), pool(others, CONCURRENCY)]);
    const summary = emptySummary();
    for (const r of results) summary[r.status] += 1;
    const verdict = verdictOf(summary, options.strict);
    await emit({ type: 'run-end', info, results, summary, durationMs: Math.round(performance.now() - started), verdict });
    return { verdict, results };
  } finally {
    await server?.close();
  }
}

async function preflight(target: Target, timeoutMs: number, redactor: Redactor): Promise<string | undefined> {
  try {
    await callWebApi({ apiUrl: target.apiUrl, token: undefined, method: 'api.test', timeoutMs, tls: target.tls });
    return undefined;
  } catch (err) {
    return redactor.text((err as Error).message);
  }
}

type Outcome = Finding | { kind: 'error'; message: string };

async function executeCheck(check: Check, options: RunOptions, target: Target, timeouts: Timeouts, redactor: Redactor): Promise<CheckResult> {
  const started = performance.now();
  if (target.tokens.length < check.needs.tokens) {
    return resultOf(check, { kind: 'skipped', reason: `needs ${check.needs.tokens} tokens, the target has ${target.tokens.length}` }, 0);
  }
  if (target.channel === undefined) return resultOf(check, { kind: 'skipped', reason: 'needs a channel (--channel)' }, 0);
  const transcript = new Transcript(redactor);
  const ctx = new CheckContext(check.id, target, options.expect, options.seed, options.runs, options.path, timeouts, redactor, transcript, (path) =>
    replayCommand(check.id, options, target, redactor, path),
  );
  // A check's own bound: whatever it waits on, it ends. Clock-bound checks get the URL lifetime on top.
  const budgetMs = 120_000 + (check.needs.waitsOnClock ? options.expect.urlTtlSec * 2000 : 0);
  let timer: NodeJS.Timeout | undefined;
  let outcome: Outcome;
  try {
    outcome = await Promise.race([
      check.run(ctx),
      new Promise<Outcome>((resolve) => {
        timer = setTimeout(() => resolve({ kind: 'error', message: `the check did not finish within ${budgetMs / 1000} s` }), budgetMs);
      }),
    ]);
  } catch (err) {
    outcome =
      err instanceof ClauseViolation
        ? { kind: 'broken', message: err.message, expected: err.expected, actual: err.actual, transcript: transcript.snapshot() }
        : { kind: 'error', message: err instanceof Error ? err.message : String(err) };
  } finally {
    clearTimeout(timer);
    ctx.dispose();
  }
  if (outcome.kind === 'broken' && !outcome.transcript) outcome = { ...outcome, transcript: transcript.snapshot() };
  const result = resultOf(check, outcome, performance.now() - started);
  if (outcome.kind === 'error') result.transcript = transcript.snapshot();
  // The one place a check's result is redacted: messages, evidence and transcripts alike.
  return redactor.value(result);
}

function resultOf(check: Check, outcome: Outcome, durationMs: number): CheckResult {
  const base = {
    id: check.id,
    suite: check.suite,
    level: check.level,
    title: check.title,
    clause: check.clause,
    source: check.source,
    sends: check.sends,
    requires: check.requires,
    durationMs: Math.round(durationMs),
  };
  switch (outcome.kind) {
    case 'error':
      return { ...base, status: 'error', message: outcome.message, expected: [], actual: '' };
    case 'skipped':
      return { ...base, status: 'skip', message: outcome.reason, expected: [], actual: '' };
    case 'held':
    case 'observed':
      return { ...base, status: statusOf(check.level, outcome), message: outcome.message ?? 'held', expected: [], actual: outcome.kind === 'held' ? (outcome.observed ?? '') : '' };
    case 'broken':
      return {
        ...base,
        status: statusOf(check.level, outcome),
        message: outcome.message,
        expected: outcome.expected,
        actual: outcome.actual,
        counterexample: outcome.counterexample,
        replay: outcome.replay,
        transcript: outcome.transcript,
      };
  }
}

function replayCommand(id: string, options: RunOptions, target: Target, redactor: Redactor, path: string): string {
  const parts = ['npx rtm-conformance run', `--check ${id}`, `--seed ${options.seed}`];
  if (path) parts.push(`--path ${path}`);
  if (target.embedded) for (const f of options.embeddedFaults) parts.push(`--fault ${f}`);
  else parts.push(`--api ${redactor.text(target.apiUrl)}`, '--token "$RTM_TOKEN"', ...(target.channel ? [`--channel ${target.channel}`] : []));
  if (options.expect.urlTtlSec !== 30) parts.push(`--expect-url-ttl ${options.expect.urlTtlSec}`);
  if (options.expect.maxMessageBytes !== 16_384) parts.push(`--expect-max-bytes ${options.expect.maxMessageBytes}`);
  return parts.join(' ');
}
