import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { NEEDS_ECHO_CONTRACT } from '../../harness/plans/client-profile.js';
import { CLIENT_REQUIRES } from '../../harness/protocol/client-requirements.js';
import type { CheckResult } from '../../harness/runner/events.js';
import { FAST, SEED, grade, tsClient } from './grade.js';
import { LIFECYCLE_TRIGGER, type LifecycleFault } from './lifecycle-bot.js';

const example = (file: string) => [
  process.execPath,
  fileURLToPath(new URL(`../../examples/bots/${file}`, import.meta.url)),
];
const bot = (fault?: LifecycleFault) => tsClient('./lifecycle-bot.ts', ...(fault ? ['--fault', fault] : []));
export const ECHO_ONLY = ['client.echo', 'client.grid-dedup', 'client.queued-events'];

/** Every result but the checks the profile skips for the echo contract, as "status id: message". */
const graded = (results: CheckResult[]) =>
  results.filter((r) => !ECHO_ONLY.includes(r.id)).map((r) => `${r.status} ${r.id}: ${r.message}`);

/** The echo-contract checks: a skip with the one line, never a verdict. */
function expectEchoOnlySkipped(results: CheckResult[]): void {
  expect(results.filter((r) => ECHO_ONLY.includes(r.id)).map((r) => `${r.status} ${r.id}: ${r.message}`)).toEqual(
    ECHO_ONLY.map((id) => `skip ${id}: ${NEEDS_ECHO_CONTRACT}`),
  );
}

/**
 * Each broken bot (no echo contract), the lifecycle check that must catch it, and the requirement it breaks (one
 * `expected` of the failure, word for word); then the checks before it that give the fault its chance.
 */
export const LIFECYCLE_MATRIX: [LifecycleFault, string, string, string[]?][] = [
  ['deaf', 'client.connect', CLIENT_REQUIRES.answerToTrigger],
  ['dies-on-unknown', 'client.unknown-events', CLIENT_REQUIRES.processStillRunning],
  ['deaf-after-unknown', 'client.unknown-events', CLIENT_REQUIRES.answerToTrigger],
  ['closes-on-stale', 'client.stale-reply-to', CLIENT_REQUIRES.connectionStaysOpen],
  ['never-pings', 'client.ping-when-idle', CLIENT_REQUIRES.pingEveryBoundWhileIdle],
  ['big-reply', 'client.message-size', CLIENT_REQUIRES.noFrameOverLimit],
  ['long-text', 'client.message-size', CLIENT_REQUIRES.textWithinCharacters],
  ['answers-at-once', 'client.rate', CLIENT_REQUIRES.rateBurstThenOnePerSecond],
  ['stays-down-after-goodbye', 'client.goodbye-reconnect', CLIENT_REQUIRES.newConnectionWithinBound],
  ['gives-up', 'client.drop-reconnect', CLIENT_REQUIRES.newConnectionWithinBound],
  ['retries-expired-forever', 'client.expired-url', CLIENT_REQUIRES.expiredUrlTriedOnce],
  ['hot-reconnect', 'client.reconnect-backoff', CLIENT_REQUIRES.connectBackoff],
  ['reuses-url', 'client.single-use-url', CLIENT_REQUIRES.socketUrlUsedOnce, ['client.drop-reconnect']],
  // Pings carry ids: a quiet window gives it frames enough to repeat one.
  ['ids-reused', 'client.ids', CLIENT_REQUIRES.idsUniquePerConnection, ['client.ping-when-idle']],
  // It exits 50 ms after its first answer: the quiet window after client.connect is under way when it does.
  ['exits-after-answer', 'client.survives', CLIENT_REQUIRES.processStillRunning, ['client.ping-when-idle']],
];

/**
 * Registered inside the client fault matrix's concurrent describe (client-fault-matrix.test.ts), to share its worker:
 * the bots mostly wait, beside the echo clients. The good bots' full runs first, the longest.
 */
export function lifecycleBots(): void {
  describe(`client --profile lifecycle: bots without the echo contract (seed ${SEED})`, () => {
    it('a hubot-style bot (the test bot) given its trigger passes every lifecycle check, with evidence', async () => {
      const { results } = await grade(bot(), [], FAST, { triggers: [LIFECYCLE_TRIGGER] });
      expect(graded(results).filter((l) => !l.startsWith('pass'))).toEqual([]);
      expectEchoOnlySkipped(results);
      // The answers to triggers are the evidence where an echo was.
      expect(results.find((r) => r.id === 'client.unknown-events')!.message).toMatch(/\d+ triggers answered/);
    });

    it('examples/bots/hubot-style.js, given two triggers, passes every lifecycle check', async () => {
      const { results } = await grade(example('hubot-style.js'), [], FAST, {
        triggers: ['hubot ping', 'hubot time'],
        settings: { idleMs: 4000, pingBoundMs: 5000 },
      });
      expect(graded(results).filter((l) => !l.startsWith('pass'))).toEqual([]);
      expectEchoOnlySkipped(results);
    });

    it("@slack/rtm-api's README bot, which never speaks, is graded on its lifecycle; what needs its words skips, saying why", async () => {
      // Its keepalive pings after 6 s without traffic: an 8 s quiet window sees one.
      const { results } = await grade(example('rtm-api-readme.cjs'), [], FAST, {
        triggers: [],
        settings: { idleMs: 8000, pingBoundMs: 10_000 },
      });
      const lines = graded(results);
      expect(lines.filter((l) => !l.startsWith('pass') && !l.startsWith('skip'))).toEqual([]);
      const skips = lines.filter((l) => l.startsWith('skip'));
      expect(skips).toHaveLength(2);
      expect(skips[0]).toMatch(
        /^skip client\.message-size: no message text among the \d+ frame\(s\) the client sent in the run: no --trigger was given to make it speak$/,
      );
      expect(skips[1]).toBe('skip client.rate: no frame to time: no --trigger was given to make it speak');
      expect(results.find((r) => r.id === 'client.unknown-events')!.message).toMatch(/\d+ connection watched open/);
      expectEchoOnlySkipped(results);
    });

    for (const [fault, check, requirement, before = []] of LIFECYCLE_MATRIX) {
      it(`${fault} is caught by ${check}`, async () => {
        const { results } = await grade(bot(fault), [...new Set(['client.connect', ...before, check])], FAST, {
          triggers: [LIFECYCLE_TRIGGER],
        });
        const r = results.find((x) => x.id === check)!;
        expect(['fail', 'warn'], `${check}: ${r.status} ${r.message}`).toContain(r.status);
        expect(r.expected, r.message).toContain(requirement);
      });
    }
  });
}
