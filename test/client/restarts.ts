import { describe, expect, it } from 'vitest';
import { CLIENT_REQUIRES } from '../../harness/protocol/client-requirements.js';
import type { ClientRestart, RunEvent } from '../../harness/runner/events.js';
import { byId, grade, tsClient } from './grade.js';

const restartsOf = (events: RunEvent[]): ClientRestart[] =>
  events.flatMap((e) => (e.type === 'client-restart' ? [e.restart] : []));

/** Registered inside the client fault matrix's concurrent describe (client-fault-matrix.test.ts), to share its worker. */
export function clientRestarts(): void {
  /** Each check from a known state: a client that crashed or never came back is started again, and graded on. */
  describe('client restarts', () => {
    it('a crash is charged to the check in progress and to client.survives; the checks after it pass on the restarted process', async () => {
      // Its 8th echo is in client.unknown-events (1 in client.connect, 5 in client.echo); restarted, it runs on.
      const { results, events } = await grade(tsClient('./echo-client.ts', '--fault', 'crashes-mid-run'), [
        'client.connect',
        'client.echo',
        'client.unknown-events',
        'client.stale-reply-to',
        'client.message-size',
        'client.goodbye-reconnect',
        'client.queued-events',
        'client.drop-reconnect',
        'client.single-use-url',
        'client.ids',
        'client.survives',
      ]);
      const by = byId(results);
      const crashed = results.find((r) => r.id === 'client.unknown-events')!;
      expect(crashed.status).toBe('fail');
      expect(crashed.expected).toEqual([CLIENT_REQUIRES.processStillRunning]);
      expect(crashed.actual).toMatch(
        /exited with code 70 during client\.unknown-events; output tail: .*crashing on purpose/,
      );
      expect(by['client.survives']).toMatch(/^fail: .*exited with code 70 during client\.unknown-events/);
      const others = results.filter((r) => r.id !== 'client.unknown-events' && r.id !== 'client.survives');
      expect(others.filter((r) => r.status !== 'pass').map((r) => by[r.id])).toEqual([]);
      // The whole-run checks judged the frames of both processes.
      expect(by['client.ids']).toMatch(/on ([4-9]|\d\d+) connection\(s\)/);
      expect(restartsOf(events)).toEqual([
        {
          n: 1,
          max: 3,
          beforeCheck: 'client.stale-reply-to',
          reason: 'it exited with code 70 during client.unknown-events',
          connectedMs: expect.any(Number),
        },
      ]);
    });

    it('a client that never reconnects after goodbye warns in client.goodbye-reconnect, and the checks after it are graded on a restarted one', async () => {
      const { results, events } = await grade(
        tsClient('./echo-client.ts', '--fault', 'never-reconnects-after-goodbye'),
        [
          'client.connect',
          'client.goodbye-reconnect',
          'client.queued-events',
          'client.drop-reconnect',
          'client.survives',
        ],
      );
      const by = byId(results);
      expect(results.find((r) => r.id === 'client.goodbye-reconnect')!.expected).toEqual([
        CLIENT_REQUIRES.newConnectionWithinBound,
      ]);
      expect(
        results.filter((r) => r.id !== 'client.goodbye-reconnect' && r.status !== 'pass').map((r) => by[r.id]),
      ).toEqual([]);
      // Restarted by the harness, not a crash: client.survives passed.
      expect(restartsOf(events).map((r) => `${r.beforeCheck}: ${r.reason}`)).toEqual([
        'client.queued-events: it had no connection 6 s after it lost its last one',
      ]);
    });

    it('premise, not verdict: when the reconnect a MUST check needs never comes, it is an error naming client.drop-reconnect, not a fail', async () => {
      const { results } = await grade(tsClient('./echo-client.ts', '--fault', 'gives-up'), [
        'client.connect',
        'client.queued-events',
        'client.drop-reconnect',
        'client.expired-url',
      ]);
      const by = byId(results);
      expect(by['client.drop-reconnect']).toMatch(/^warn: /);
      for (const id of ['client.queued-events', 'client.expired-url'])
        expect(by[id]).toMatch(
          /^error: no reconnect by the client observed .*client\.drop-reconnect judges reconnecting/,
        );
    });

    it('restarts are bounded: a client that exits after every first echo is restarted 3 times, then the checks are errors naming client.survives', async () => {
      // Each of its processes lasts one or two checks (it exits 50 ms after its first echo, during a check or between
      // two): 4 processes cannot cover the 10 checks that ask for echoes, whatever the timing.
      const { results, events } = await grade(tsClient('./echo-client.ts', '--fault', 'exits-on-first-echo'), [
        'client.connect',
        'client.echo',
        'client.unknown-events',
        'client.stale-reply-to',
        'client.message-size',
        'client.grid-dedup',
        'client.goodbye-reconnect',
        'client.queued-events',
        'client.drop-reconnect',
        'client.expired-url',
        'client.survives',
      ]);
      const by = byId(results);
      expect(restartsOf(events).map((r) => `${r.n}/${r.max}`)).toEqual(['1/3', '2/3', '3/3']);
      // A crash during a check is charged to it; a check with no process left to run on is an error, not a fail.
      for (const r of results.filter((x) => x.status === 'fail' || x.status === 'warn'))
        expect(r.expected, by[r.id]).toEqual([CLIENT_REQUIRES.processStillRunning]);
      const errors = results.filter((r) => r.status === 'error');
      expect(errors.length).toBeGreaterThan(0);
      for (const r of errors) expect(by[r.id]).toMatch(/restarted 3 times already.*: see client\.survives$/);
      expect(by['client.survives']).toMatch(/^fail: (.*exited with code 0.*){4}/);
    });
  });
}
