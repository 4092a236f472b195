import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runClientConformance } from '../../harness/plans/client-plan.js';

const ADAPTER = fileURLToPath(new URL('../../examples/rtm-api-echo.js', import.meta.url));

describe('a real client: @slack/rtm-api 6.2.1 through examples/rtm-api-echo.js', () => {
  it('is graded end to end: 14 checks pass, and it warns where the library does not protect the bot', {
    timeout: 120_000,
  }, async () => {
    // An 8 s quiet window is enough to see its keepalive (a ping after 6 s without traffic).
    const { results } = await runClientConformance(
      {
        command: [process.execPath, ADAPTER],
        attach: false,
        seed: 7,
        runs: 5,
        suites: { include: [], exclude: [] },
        checks: { include: [], exclude: [] },
        strict: false,
        timeouts: { echoMs: 5000, connectMs: 15_000 },
        settings: { idleMs: 8000, pingBoundMs: 10_000 },
      },
      'test',
      [],
    );
    const by = Object.fromEntries(results.map((r) => [r.id, `${r.status}: ${r.message}`]));
    // It sends whatever text it is given (a 20 000-byte frame) and as fast as it is asked: both are the bot's job.
    expect(by['client.message-size']).toMatch(/^warn: .*a frame of 2\d{4} bytes/);
    expect(by['client.rate']).toMatch(/^warn: /);
    const others = results.filter((r) => r.id !== 'client.message-size' && r.id !== 'client.rate');
    expect(others.filter((r) => r.status !== 'pass').map((r) => `${r.id} ${r.status}: ${r.message}`)).toEqual([]);
  });
});
