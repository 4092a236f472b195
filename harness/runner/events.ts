import type { Level, Status, TranscriptLine } from '../check/check.js';
import type { ClientRestart } from '../check/client-context.js';
import type { LoadReport } from '../load/run-load.js';

/** One check's result, as results.json and every reporter see it. */
export interface CheckResult {
  id: string;
  suite: string;
  level: Level;
  status: Status;
  title: string;
  clause: string;
  source: string;
  sends: string;
  requires: string;
  message: string;
  expected: string[];
  actual: string;
  counterexample?: string;
  replay?: string;
  transcript?: TranscriptLine[];
  durationMs: number;
  /** The check whose outcome explains this one's missing premise: named only when it failed or erred. */
  see?: string;
}

export interface Summary {
  pass: number;
  fail: number;
  warn: number;
  info: number;
  skip: number;
  error: number;
}

export interface PlanEntry {
  id: string;
  suite: string;
  level: Level;
  title: string;
  needs: { tokens: number; connections: number | 'per-run'; rtmConnects: number | 'per-run'; waitsOnClock?: boolean };
  /** What must be observed before the check can pass (premise.ts). */
  premises: string[];
  /** Behaviours of its clause it does not check, and why (the clause audit). */
  notChecked?: { says: string; why: string }[];
}

export interface RunInfo {
  tool: { name: string; version: string };
  target: { api: string; embedded: boolean; faults: string[] };
  seed: number;
  runs: number;
  startedAt: string;
  strict: boolean;
}

/** The one stream the runner emits; reporters only listen to it. */
export type RunEvent =
  | { type: 'run-start'; info: RunInfo; plan: PlanEntry[] }
  /** What the probe connection found, before any check ran. */
  | { type: 'probe'; finding: string }
  /** `waitsMs`: for a clock-bound check, about how long it will take (the URL lifetime and its margins). */
  | { type: 'check-start'; id: string; waitsMs?: number }
  | { type: 'check-end'; result: CheckResult }
  /** Client mode: COMMAND started again before a check, because the client exited or never reconnected. */
  | { type: 'client-restart'; restart: ClientRestart }
  /** A load run's (or a merge's) report, redacted, for the reporters that write it (`out`: their folder). */
  | { type: 'load-end'; report: LoadReport; out: string }
  /** A listener (reporter) threw on an event: the run went on without it for that event. */
  | { type: 'listener-error'; listener: string; event: string; message: string }
  | {
      type: 'run-end';
      info: RunInfo;
      results: CheckResult[];
      summary: Summary;
      durationMs: number;
      verdict: 'pass' | 'fail' | 'error';
    };

export type { ClientRestart };

export function emptySummary(): Summary {
  return { pass: 0, fail: 0, warn: 0, info: 0, skip: 0, error: 0 };
}
