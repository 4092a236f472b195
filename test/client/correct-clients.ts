import { describe, expect, it } from 'vitest';
import { CLIENT_REQUIRES } from '../../harness/protocol/client-requirements.js';
import type { CheckResult, RunEvent } from '../../harness/runner/events.js';
import { FAST, byId, grade, tsClient } from './grade.js';

const notPassing = (results: CheckResult[]) =>
  results.filter((r) => r.status !== 'pass').map((r) => `${r.status} ${r.id}: ${r.message}`);
const restarts = (events: RunEvent[]) => events.filter((e) => e.type === 'client-restart');

/** Registered inside the client fault matrix's concurrent describe (client-fault-matrix.test.ts), to share its worker. */
export function correctClients(): void {
  /**
   * Three correct echo clients written differently from each other and from test/client/echo-client.ts: none of the
   * checks may take how they are written for a fault. Each runs every client check once, with the short waits.
   */
  describe('correct clients, written three ways, pass', () => {
    it('an async reconnect loop (fetch, RTM pings, an async send loop): every check passes', async () => {
      const { results, events } = await grade(tsClient('./loop-client.ts'), []);
      expect(notPassing(results)).toEqual([]);
      expect(restarts(events)).toEqual([]);
    });

    it('an rtm.start client (a state machine, WebSocket pings, one message a second, no burst): every check passes', async () => {
      const { results, events } = await grade(tsClient('./start-client.ts'), []);
      expect(notPassing(results)).toEqual([]);
      expect(byId(results)['client.connect']).toMatch(/^pass: rtm\.start,/);
      expect(restarts(events)).toEqual([]);
    });

    it('an event-emitter client that reconnects only after a delay passes every MUST; only the speed of reconnecting warns, where it is judged', async () => {
      // Its 20 s delay, scaled to 5 s for test time (--reconnect-delay), against the same proportions: longer than the
      // reconnect-warn bound (3 s) and, as 20 s is longer than the default 15 s connect timeout the MUST reconnect
      // checks used to wait, longer than a 4 s connect timeout; well within the reconnect bound (12 s here; 60 s by
      // default, three times the 20 s). Every check but client.rate
      // (20 s of pacing the other two clients are graded on; docs/client-mode.md has its full run at 20 s).
      const { results, events } = await grade(
        tsClient('./emitter-client.ts', '--reconnect-delay', '5'),
        ['!client.rate'],
        { ...FAST, connectMs: 4000, reconnectMs: 12_000 },
      );
      const by = byId(results);
      expect(results.filter((r) => r.level === 'MUST' && r.status !== 'pass').map((r) => by[r.id])).toEqual([]);
      expect(notPassing(results).map((l) => l.split(':')[0])).toEqual([
        'warn client.goodbye-reconnect',
        'warn client.drop-reconnect',
      ]);
      for (const id of ['client.goodbye-reconnect', 'client.drop-reconnect'])
        expect(results.find((r) => r.id === id)!.expected).toEqual([CLIENT_REQUIRES.reconnectWithinWarnBound]);
      // The MUST checks report how long it took, without judging it.
      expect(by['client.queued-events']).toMatch(/^pass: reconnected [5-9]\.\d s after the drop/);
      expect(by['client.expired-url']).toMatch(/^pass: refused once, then .* a connection [5-9]\.\d s later/);
      expect(restarts(events)).toEqual([]);
    });
  });
}
