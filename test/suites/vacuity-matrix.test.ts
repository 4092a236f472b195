import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { discoverChecks } from '../../harness/runner/discover.js';
import type { CheckResult } from '../../harness/runner/events.js';
import { PREMISES } from '../../harness/check/premise.js';
import { FAULTS } from '../../harness/server/faults/index.js';
import { renderVacuityMatrix } from '../../harness/server/faults/matrix.js';
import { runEmbedded } from '../helpers/run-embedded.js';

const SEED = 20261201;
const degenerate = [...FAULTS.values()].filter((f) => f.kind === 'degenerate');
const checks = await discoverChecks();

/** The checks that rest on a premise the target never provides: none of them may pass. */
const mustNotPass = (lacks: string[]) =>
  checks.filter((c) => c.premises.some((p) => lacks.includes(p))).map((c) => c.id);
const passing = (results: CheckResult[], ids: string[]) =>
  results.filter((r) => ids.includes(r.id) && r.status === 'pass').map((r) => `${r.id}: ${r.message}`);

describe(`vacuity matrix (seed ${SEED}): no pass without evidence`, { concurrent: true, timeout: 120_000 }, () => {
  for (const target of degenerate) {
    const lacks = target.lacks ?? [];
    it(`${target.name} (lacks ${lacks.join(', ')}): ${mustNotPass(lacks).length} checks resting on those do not pass`, async () => {
      const results = await runEmbedded({ fault: [target.name], expectUrlTtl: 2, runs: 5, seed: SEED });
      expect(passing(results, mustNotPass(lacks))).toEqual([]);
      // Every check that did not pass says why: the missing premise by name, the broken requirement, or what the
      // target did instead of speaking RTM.
      for (const r of results.filter((x) => x.status !== 'pass' && x.status !== 'info')) {
        const namesPremise = (Object.keys(PREMISES) as (keyof typeof PREMISES)[]).some((p) =>
          r.message.includes(`no ${PREMISES[p].what} observed`),
        );
        const namesRequirement =
          (r.status === 'fail' || r.status === 'warn') && r.expected.length > 0 && r.actual !== '';
        const namesTheTarget = /probe|socket URL|stopped answering|did not finish/.test(r.message);
        expect(namesPremise || namesRequirement || namesTheTarget, `${r.id} (${r.status}): ${r.message}`).toBe(true);
      }
    });
  }

  it('a server that answers everything but never says hello (as slacktest does): the checks run, and none but the rtm.connect ones passes', async () => {
    const results = await runEmbedded({ fault: ['no-hello'], expectUrlTtl: 2, runs: 3, seed: SEED });
    const passed = results.filter((r) => r.status === 'pass').map((r) => r.id);
    expect(passed.filter((id) => id !== 'connect.response-shape' && id !== 'connect.auth-errors')).toEqual([]);
    // They ran (no short cut): what would have passed says the hello premise is missing.
    // The pointer names connect.hello-in-time because it failed (it is the check that owns hello).
    expect(results.find((r) => r.id === 'connect.hello-in-time')!.status).toBe('fail');
    expect(results.find((r) => r.id === 'reply.correlates')!.message).toMatch(
      /^no hello on any connection observed \(.*\): see connect\.hello-in-time$/,
    );
  });

  it('the clean server never rate-limits in process: rate.reply-shape is a skip that says how to provoke one', async () => {
    const results = await runEmbedded({ suite: ['rate'], runs: 2, seed: SEED });
    const shape = results.find((r) => r.id === 'rate.reply-shape')!;
    expect(shape.status).toBe('skip');
    expect(shape.message).toContain('--fault rate-limited');
  });
});

describe('vacuity matrix coverage', () => {
  it('every check states its premises in the known vocabulary, and every degenerate target lacks known premises', () => {
    for (const c of checks) for (const p of c.premises) expect(Object.keys(PREMISES), c.id).toContain(p);
    for (const d of degenerate) for (const p of d.lacks ?? []) expect(Object.keys(PREMISES), d.name).toContain(p);
    // Only checks about the rtm.connect exchange itself may rest on no premise of a live connection.
    expect(
      checks
        .filter((c) => c.premises.length === 0)
        .map((c) => c.id)
        .sort(),
    ).toEqual(['connect.auth-errors', 'connect.response-shape']);
  });

  it('is the table the README shows (run `npm run readme` after changing the catalogue)', () => {
    expect(readFileSync(new URL('../../docs/reference-server.md', import.meta.url), 'utf8')).toContain(
      renderVacuityMatrix(),
    );
  });
});
