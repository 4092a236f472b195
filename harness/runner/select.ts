import picomatch from 'picomatch';
import type { Selection } from '../config/resolve.js';
import type { Check } from '../check/check.js';

/** Checks whose suite and id pass the include and exclude globs (an empty include takes all). */
export function selectChecks<C extends Pick<Check, 'id' | 'suite'>>(
  checks: C[],
  suites: Selection,
  ids: Selection,
): C[] {
  const matches = (globs: string[]) => (globs.length === 0 ? () => false : picomatch(globs));
  const suiteIn = suites.include.length ? matches(suites.include) : () => true;
  const suiteOut = matches(suites.exclude);
  const idIn = ids.include.length ? matches(ids.include) : () => true;
  const idOut = matches(ids.exclude);
  return checks.filter((c) => suiteIn(c.suite) && !suiteOut(c.suite) && idIn(c.id) && !idOut(c.id));
}
