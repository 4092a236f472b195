import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { resolveRunOptions } from '../../harness/config/resolve.js';
import type { CheckResult } from '../../harness/runner/events.js';
import { discoverChecks } from '../../harness/runner/discover.js';
import { runConformance } from '../../harness/runner/run.js';
import { FAULTS } from '../../harness/server/faults/index.js';
import { FAULT_CATCHES, VARIATIONS, renderMatrix } from './fault-matrix.data.js';

const SEED = 20261129;

/** Every suite against the embedded server with one fault: a 2 s URL lifetime and 10 runs keep it short. */
async function runWith(fault: string): Promise<CheckResult[]> {
  const options = resolveRunOptions({ fault: [fault], expectUrlTtl: 2, runs: 10, seed: SEED, reporter: ['json'], out: '/tmp/unused' }, {}, '/');
  return (await runConformance(options, 'test', [])).results;
}

const summary = (results: CheckResult[]) => results.filter((r) => r.status !== 'pass' && r.status !== 'info').map((r) => `${r.status} ${r.id}: ${r.message}`);

describe(`fault matrix (seed ${SEED})`, { concurrent: true, timeout: 120_000 }, () => {
  for (const [fault, catchers] of Object.entries(FAULT_CATCHES)) {
    it(`${fault} is caught by ${catchers.join(', ')}`, async () => {
      const results = await runWith(fault);
      const byId = new Map(results.map((r) => [r.id, r]));
      for (const id of catchers) {
        const r = byId.get(id)!;
        expect(r.status, `${id}: ${r.message}`).toBe('fail');
        expect(r.expected.length).toBeGreaterThan(0);
        expect(r.actual).not.toBe('');
      }
      expect(results.filter((r) => r.status === 'error'), summary(results).join('\n')).toEqual([]);
    });
  }
  for (const variation of VARIATIONS) {
    it(`${variation} (legal) passes every check`, async () => {
      const results = await runWith(variation);
      expect(summary(results)).toEqual([]);
    });
  }
  it('the clean reference server passes every check', async () => {
    const options = resolveRunOptions({ expectUrlTtl: 2, runs: 10, seed: SEED, reporter: ['json'], out: '/tmp/unused' }, {}, '/');
    expect(summary((await runConformance(options, 'test', [])).results)).toEqual([]);
  });
});

describe('fault matrix coverage', () => {
  it('proves every MUST and SHOULD check with at least one fault, and lists every fault and variation', async () => {
    const caught = new Set(Object.values(FAULT_CATCHES).flat());
    const unproven = (await discoverChecks()).filter((c) => (c.level === 'MUST' || c.level === 'SHOULD') && !caught.has(c.id)).map((c) => c.id);
    expect(unproven).toEqual([]);
    const listed = new Set([...Object.keys(FAULT_CATCHES), ...VARIATIONS]);
    expect([...FAULTS.keys()].filter((f) => !listed.has(f))).toEqual([]);
    for (const v of VARIATIONS) expect(FAULTS.get(v)?.kind).toBe('variation');
  });

  it('is the table the README shows (run `npm run readme` after changing the data)', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const table = renderMatrix(new Map([...FAULTS].map(([n, f]) => [n, f.description])));
    expect(readme).toContain(table);
  });
});
