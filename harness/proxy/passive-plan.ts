import type { Check } from '../check/check.js';
import { HarnessError } from '../errors.js';
import { discoverChecks, discoverClientChecks } from '../runner/discover.js';
import { JUDGES, type JudgeContext } from './judges/index.js';

/** What the report says a passive judge sends: nothing, ever. */
const SENDS = 'nothing: judges the traffic the proxy relayed between the client and the server.';

/**
 * The passive judges as checks the engine runs: each takes id, suite, level, title, clause and source from the active
 * check of the same clause (found by discovery, so they cannot drift apart), and its own `requires` and `run`.
 */
export async function passivePlan(): Promise<Check<JudgeContext>[]> {
  const active = new Map<string, Check<never>>();
  for (const c of [...(await discoverChecks()), ...(await discoverClientChecks())]) active.set(c.id, c as Check<never>);
  return JUDGES.map((judge): Check<JudgeContext> => {
    const same = active.get(judge.sameAs);
    if (!same) throw new HarnessError('E_INTERNAL', `passive judge of ${judge.sameAs}: no such check in suites/`);
    return {
      id: same.id,
      suite: same.suite,
      level: same.level,
      title: same.title,
      clause: same.clause,
      source: same.source,
      sends: SENDS,
      requires: judge.requires,
      premises: judge.premises,
      otherwise: judge.otherwise,
      needs: { tokens: 0, connections: 0, rtmConnects: 0 },
      run: async (ctx) => judge.run(ctx),
    };
  });
}
