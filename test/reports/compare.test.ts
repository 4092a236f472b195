import { describe, expect, it } from 'vitest';
import { compareRuns } from '../../harness/compare/compare.js';
import { encode, newHistogram, percentiles, recordMs } from '../../harness/load/histograms.js';
import type { LoadReport } from '../../harness/load/run-load.js';
import type { ResultsFile } from '../../harness/results/results-file.js';

function results(statuses: Record<string, string>): ResultsFile {
  return { checks: Object.entries(statuses).map(([id, status]) => ({ id, status })) } as unknown as ResultsFile;
}

/** A one-step load report over 10 seconds whose latency is `ms`, moving by up to ± `jitter` from second to second. */
function load(ms: number, jitter: number): LoadReport {
  const all = newHistogram();
  const intervals = Array.from({ length: 10 }, (_, t) => {
    const h = newHistogram();
    for (let i = 0; i < 200; i++) {
      const v = ms * (1 + jitter * Math.sin(t * 1.3)) * (1 + 0.01 * Math.sin(i));
      recordMs(h, v);
      recordMs(all, v);
    }
    return { t: t + 1, sent: 200, acked: 200, corrected: [encode(h)], raw: [encode(h)] };
  });
  return {
    steps: [{ corrected: percentiles(all), intervals, histograms: { corrected: [encode(all)] } }],
  } as unknown as LoadReport;
}

describe('compare', () => {
  it('reports a new failure and a fixed one; only the new one is a regression', () => {
    const c = compareRuns(
      { results: results({ a: 'pass', b: 'fail', c: 'pass' }) },
      { results: results({ a: 'fail', b: 'pass', c: 'pass' }) },
      {},
    );
    expect(c.checks.map((x) => [x.id, x.kind])).toEqual([
      ['a', 'new-failure'],
      ['b', 'fixed'],
      ['c', 'unchanged'],
    ]);
    expect(c.verdict).toBe('fail');
    expect(c.regressions).toEqual(['a newly fails (pass → fail)']);
  });

  it('with a known-failures baseline fails only on news, and on a known failure that got fixed', () => {
    const base = { results: results({ a: 'fail', b: 'fail' }) };
    expect(
      compareRuns(base, { results: results({ a: 'fail', b: 'fail' }) }, { known: new Set(['a', 'b']) }).verdict,
    ).toBe('pass');
    const fixed = compareRuns(base, { results: results({ a: 'fail', b: 'pass' }) }, { known: new Set(['a', 'b']) });
    expect(fixed.verdict).toBe('fail');
    expect(fixed.regressions[0]).toMatch(/b is in the known-failures baseline but now pass/);
  });

  it('flags a latency regression beyond the noise band and not one within it', () => {
    const base = load(2, 0.02);
    const within = compareRuns({ load: base }, { load: load(2.06, 0.02) }, {});
    expect(within.noiseBand).toBeGreaterThanOrEqual(0.05);
    expect(within.latency.filter((l) => l.regression)).toEqual([]);
    expect(within.verdict).toBe('pass');
    const beyond = compareRuns({ load: base }, { load: load(3, 0.02) }, {});
    expect(beyond.latency.filter((l) => l.regression).map((l) => l.metric)).toEqual(['p50', 'p99']);
    expect(beyond.verdict).toBe('fail');
    // A noisy run widens the band: the same +50 % is then within it.
    const noisy = compareRuns({ load: load(2, 0.4) }, { load: load(3, 0.4) }, {});
    expect(noisy.noiseBand).toBeGreaterThan(0.5);
    expect(noisy.verdict).toBe('pass');
    expect(compareRuns({ load: base }, { load: load(3, 0.02) }, { noiseBand: 0.6 }).verdict).toBe('pass');
  });
});
