import { relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { discoverCheckFiles } from '../../harness/runner/discover.js';
import { assertKnownSuite } from '../../harness/config/resolve.js';
import { SUITE_NAMES } from '../../harness/config/schema.js';

const SUITES_DIR = fileURLToPath(new URL('../../suites/', import.meta.url));

describe('names that agree', () => {
  it("a check's folder, its suite and its id's prefix are one word", async () => {
    const found = await discoverCheckFiles();
    expect(found.length).toBeGreaterThan(30);
    const disagreeing = found
      .map(({ file, check }) => ({
        folder: relative(SUITES_DIR, file).split(sep)[0],
        suite: check.suite,
        prefix: check.id.split('.')[0],
        id: check.id,
      }))
      .filter(({ folder, suite, prefix }) => folder !== suite || suite !== prefix);
    expect(disagreeing).toEqual([]);
  });

  it('an old suite name is refused with its new name', () => {
    expect(() => assertKnownSuite('ping-pong', SUITE_NAMES)).toThrow('suite "ping-pong" is now "ping"');
    expect(() => assertKnownSuite('nonsense', SUITE_NAMES)).toThrow('unknown suite "nonsense"');
    expect(() => assertKnownSuite('ping', SUITE_NAMES)).not.toThrow();
  });
});
