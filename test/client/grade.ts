import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ClientSettings, ClientTimeouts } from '../../harness/check/client-context.js';
import { runClientConformance } from '../../harness/plans/client-plan.js';
import type { CheckResult, RunEvent } from '../../harness/runner/events.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TSX = pathToFileURL(`${ROOT}node_modules/tsx/dist/loader.mjs`).href;
export const ECHO_CLIENT = fileURLToPath(new URL('./echo-client.ts', import.meta.url));
export const SEED = 20261201;

/**
 * Short waits so a client run takes seconds: a 3 s quiet window, pings every 2 s at most (the test clients ping
 * every 1 s); a 6 s reconnect bound and a 3 s reconnect-warn bound (the defaults are 60 s and 10 s). The connect
 * timeout is 8 s: a TypeScript client compiled on start, beside the other tests on 2 cores, can take 4 s to connect.
 */
export const FAST: ClientTimeouts = { echoMs: 2000, connectMs: 8000, reconnectMs: 6000, reconnectWarnMs: 3000 };
export const FAST_SETTINGS = { idleMs: 3000, pingBoundMs: 2000 };

/** A TypeScript client of test/client run by node (tsx), with its arguments. */
export function tsClient(file: string, ...args: string[]): string[] {
  return [process.execPath, '--import', TSX, fileURLToPath(new URL(file, import.meta.url)), ...args];
}

/**
 * Grades `command` on the selected checks (all for none), with every event of the run kept; `lifecycle` grades it
 * with `--profile lifecycle` and its triggers (and a quiet window of its own, for a bot with a slower keepalive).
 */
export async function grade(
  command: string[],
  checks: string[],
  timeouts: ClientTimeouts = FAST,
  lifecycle?: { triggers: string[]; settings?: ClientSettings },
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
      settings: lifecycle?.settings ?? FAST_SETTINGS,
      ...(lifecycle && { profile: 'lifecycle' as const, triggers: lifecycle.triggers }),
    },
    'test',
    [(e) => void events.push(e)],
  );
  return { results, events };
}

/** "status: message" by check id. */
export function byId(results: CheckResult[]): Record<string, string> {
  return Object.fromEntries(results.map((r) => [r.id, `${r.status}: ${r.message}`]));
}
