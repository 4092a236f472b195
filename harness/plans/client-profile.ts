import type { Check } from '../check/check.js';
import type { ClientContext, ClientProfile } from '../check/client-context.js';

/** The profiles of `client --profile`: the echo contract (the default), or any bot as it is. */
export const CLIENT_PROFILES: readonly ClientProfile[] = ['echo', 'lifecycle'];

/** The result of a check the lifecycle profile cannot judge, word for word. */
export const NEEDS_ECHO_CONTRACT = 'needs the echo contract (--profile echo)';

/**
 * The checks as `profile` runs them. The echo profile runs them as they are. The lifecycle profile grades a bot
 * without the echo contract: a check whose clause only echoes can judge (needs.echoContract) becomes a skip saying
 * so, run without waiting for the client (it judges nothing); every other check drops the echo premise, as it sees
 * the client still working through a --trigger or a watched window instead (harness/check/keeps-serving.ts), and
 * says so in its own `lifecycle` sentences where it has them.
 */
export function checksForProfile(checks: Check<ClientContext>[], profile: ClientProfile): Check<ClientContext>[] {
  if (profile === 'echo') return checks;
  return checks.map((check) =>
    check.needs.echoContract
      ? {
          ...check,
          premises: [],
          judgesWholeRun: true,
          run: async () => ({ kind: 'skipped', reason: NEEDS_ECHO_CONTRACT }),
        }
      : { ...check, ...check.lifecycle, premises: check.premises.filter((p) => p !== 'echo') },
  );
}
