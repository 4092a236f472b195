import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Finding, Level } from '../../../harness/check/check.js';
import { discoverChecks } from '../../../harness/runner/discover.js';
import { statusOf, verdictOf } from '../../../harness/runner/outcome.js';

const broken: Finding = { kind: 'broken', message: 'm', expected: ['e'], actual: 'a' };

describe('runner: outcome rules', () => {
  it.each<[Level, Finding, string]>([
    ['MUST', broken, 'fail'],
    ['SHOULD', broken, 'warn'],
    ['MAY', broken, 'info'],
    ['INFO', broken, 'info'],
    ['MUST', { kind: 'held' }, 'pass'],
    ['INFO', { kind: 'held' }, 'info'],
    ['MUST', { kind: 'observed', message: 'x' }, 'info'],
    ['MUST', { kind: 'skipped', reason: 'one token' }, 'skip'],
  ])('%s + %o → %s', (level, finding, status) => {
    expect(statusOf(level, finding)).toBe(status);
  });

  it('fails a run on a fail, on a warn only with --strict, and calls it an error when only the harness broke', () => {
    expect(verdictOf({ fail: 1, warn: 0, error: 1 }, false)).toBe('fail');
    expect(verdictOf({ fail: 0, warn: 1, error: 0 }, false)).toBe('pass');
    expect(verdictOf({ fail: 0, warn: 1, error: 0 }, true)).toBe('fail');
    expect(verdictOf({ fail: 0, warn: 0, error: 2 }, false)).toBe('error');
  });

  it('discovers every suite check and rejects duplicate ids and missing fields', async () => {
    const checks = await discoverChecks();
    expect(checks.length).toBeGreaterThan(3);
    expect(new Set(checks.map((c) => c.id)).size).toBe(checks.length);
    const dir = mkdtempSync(join(tmpdir(), 'rtmc-suites-'));
    mkdirSync(join(dir, 'a'));
    const check = (id: string) =>
      `export default { id: '${id}', suite: 'connect', level: 'MUST', title: 't', clause: 'c', source: 's', sends: 's', requires: 'r', needs: { tokens: 1, connections: 1, rtmConnects: 1 }, premises: [], run: async () => ({ kind: 'held' }) };`;
    writeFileSync(join(dir, 'a', 'one.check.js'), check('x.same'));
    writeFileSync(join(dir, 'two.check.js'), check('x.same'));
    await expect(discoverChecks(dir)).rejects.toThrow(/duplicate check id x\.same/);
    const other = mkdtempSync(join(tmpdir(), 'rtmc-suites-'));
    writeFileSync(join(other, 'partial.check.js'), `export default { id: 'x.other', suite: 'connect' };`);
    await expect(discoverChecks(other)).rejects.toThrow(/lacks level, title/);
  });
});
