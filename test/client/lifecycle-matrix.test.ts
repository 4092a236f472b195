import { describe, expect, it } from 'vitest';
import { checksForProfile } from '../../harness/plans/client-profile.js';
import { runCli } from '../helpers/cli.js';
import { ECHO_ONLY, LIFECYCLE_MATRIX } from './lifecycle-bots.js';

// The bots themselves are graded in test/client/client-fault-matrix.test.ts's concurrent describe (lifecycle-bots.ts).
describe('the lifecycle profile, without a client', () => {
  it('catches a broken bot for every check it does not skip', async () => {
    const { discoverClientChecks } = await import('../../harness/runner/discover.js');
    const lifecycle = checksForProfile(await discoverClientChecks(), 'lifecycle');
    const judged = lifecycle.filter((c) => !c.needs.echoContract).map((c) => c.id);
    expect(lifecycle.filter((c) => c.needs.echoContract).map((c) => c.id)).toEqual(ECHO_ONLY);
    const caught = new Set(LIFECYCLE_MATRIX.map(([, check]) => check));
    expect(judged.filter((id) => !caught.has(id))).toEqual([]);
    // No check it judges waits for an echo it cannot get.
    expect(lifecycle.filter((c) => c.premises.includes('echo')).map((c) => c.id)).toEqual([]);
  });

  it('says what it sends and requires of a bot in its own words: no judged check promises or asks for an echo', async () => {
    const { discoverClientChecks } = await import('../../harness/runner/discover.js');
    const echo = await discoverClientChecks();
    const lifecycle = checksForProfile(echo, 'lifecycle').filter((c) => !c.needs.echoContract);
    const speaksOfEcho = lifecycle.filter((c) => /\becho/i.test(`${c.sends} ${c.requires}`));
    expect(speaksOfEcho.map((c) => `${c.id}: ${c.sends} / ${c.requires}`)).toEqual([]);
    // The echo profile keeps its sentences.
    const connect = echo.find((c) => c.id === 'client.connect')!;
    expect(checksForProfile(echo, 'echo').find((c) => c.id === 'client.connect')!.requires).toBe(connect.requires);
    expect(connect.requires).toMatch(/echo/);
  });

  it('--trigger without --profile lifecycle, and an unknown profile, are usage errors (exit 2)', async () => {
    const [trigger, profile] = await Promise.all([
      runCli(['client', '--trigger', 'hubot ping', '--', 'true']),
      runCli(['client', '--profile', 'quiet', '--', 'true']),
    ]);
    expect([trigger.code, trigger.stderr.trim()]).toEqual([
      2,
      'rtm-conformance: --trigger: only with --profile lifecycle (the echo profile posts echo requests)',
    ]);
    expect([profile.code, profile.stderr.trim()]).toEqual([
      2,
      'rtm-conformance: --profile: unknown profile "quiet" (echo, lifecycle)',
    ]);
  });
});
