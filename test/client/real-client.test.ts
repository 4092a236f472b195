import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runClientConformance } from '../../harness/plans/client-plan.js';
import { CLIENT_REQUIRES } from '../../harness/protocol/client-requirements.js';
import type { RunEvent } from '../../harness/runner/events.js';

const ADAPTER = fileURLToPath(new URL('../../examples/rtm-api-echo.js', import.meta.url));

describe('a real client: @slack/rtm-api 6.2.1 through examples/rtm-api-echo.js', () => {
  it('is graded end to end: 14 checks pass, and it warns where the library does not protect the bot', {
    timeout: 120_000,
  }, async () => {
    const events: RunEvent[] = [];
    // An 8 s quiet window is enough to see its keepalive (a ping after 6 s without traffic); the reconnect bounds
    // are the defaults (it reconnects in well under a second).
    const { results } = await runClientConformance(
      {
        command: [process.execPath, ADAPTER],
        attach: false,
        seed: 7,
        runs: 5,
        suites: { include: [], exclude: [] },
        checks: { include: [], exclude: [] },
        strict: false,
        timeouts: { echoMs: 5000, connectMs: 15_000, reconnectMs: 60_000, reconnectWarnMs: 10_000 },
        settings: { idleMs: 8000, pingBoundMs: 10_000 },
      },
      'test',
      [(e) => void events.push(e)],
    );
    const by = Object.fromEntries(results.map((r) => [r.id, r]));
    // It sends whatever text it is given (a 20 000-byte frame of 5000 characters: the frame limit is the first
    // broken) and as fast as it is asked (all at once, past the burst): both are the bot's job.
    expect(by['client.message-size'].status).toBe('warn');
    expect(by['client.message-size'].expected).toEqual([CLIENT_REQUIRES.noFrameOverLimit]);
    expect(by['client.message-size'].actual).toMatch(/^a frame of 2\d{4} bytes: sent whole, 5000 characters$/);
    expect(by['client.rate'].status).toBe('warn');
    expect(by['client.rate'].expected).toEqual([CLIENT_REQUIRES.rateBurstThenOnePerSecond]);
    const others = results.filter((r) => r.id !== 'client.message-size' && r.id !== 'client.rate');
    expect(others.filter((r) => r.status !== 'pass').map((r) => `${r.id} ${r.status}: ${r.message}`)).toEqual([]);
    expect(events.filter((e) => e.type === 'client-restart')).toEqual([]);
  });
});
