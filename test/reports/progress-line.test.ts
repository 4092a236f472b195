import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../../harness/runner/events.js';
import { consoleReporter } from '../../reports/console.js';
import { ProgressLine } from '../../reports/progress-line.js';

/** A stream that records what was written, posing as a terminal or not. */
function sink(isTTY: boolean) {
  let text = '';
  const stream = Object.assign(
    new Writable({
      write: (chunk, _enc, done) => {
        text += chunk.toString();
        done();
      },
    }),
    {
      isTTY,
      columns: 120,
    },
  );
  return { stream, text: () => text };
}

const result = (id: string) => ({ id, status: 'pass', message: 'held: 3 hellos', durationMs: 1 }) as CheckResult;
const info = {
  tool: { name: 'rtm-conformance', version: '0' },
  target: { api: '', embedded: true, faults: [] },
  seed: 1,
  runs: 1,
  startedAt: '',
  strict: false,
};

async function play(stream: NodeJS.WritableStream, env: NodeJS.ProcessEnv) {
  const r = consoleReporter(stream, env);
  await r.onEvent({ type: 'run-start', info, plan: [] });
  await r.onEvent({ type: 'check-start', id: 'url.expiry', waitsMs: 30_000 });
  await r.onEvent({ type: 'check-start', id: 'reply.correlates' });
  await r.onEvent({ type: 'check-end', result: result('reply.correlates') });
  await r.onEvent({ type: 'check-end', result: result('url.expiry') });
  await r.onEvent({
    type: 'run-end',
    info,
    results: [],
    summary: { pass: 2, fail: 0, warn: 0, info: 0, skip: 0, error: 0 },
    durationMs: 10,
    verdict: 'pass',
  });
}

describe('console progress line', () => {
  it('on a terminal, shows what is still running with the seconds left, and erases itself before every line and at the end', async () => {
    const { stream, text } = sink(true);
    await play(stream, { NO_COLOR: '1' });
    expect(text()).toContain('\r\x1b[2K… 2 running: url.expiry (30 s left), reply.correlates');
    expect(text()).toContain('PASS reply.correlates');
    expect(text().endsWith('\n')).toBe(true);
    // After the summary (which must be there: else this reads the last character) no live line is left on screen.
    expect(text()).toContain('PASSED 2 pass');
    expect(text().slice(text().lastIndexOf('PASSED'))).not.toContain('running');
  });

  it('counts the seconds down for a clock-bound check', () => {
    let now = 0;
    const { stream } = sink(true);
    const line = new ProgressLine(stream, () => now);
    line.start('url.expiry', 30_000);
    now = 12_400;
    expect(line.text()).toBe('… 1 running: url.expiry (18 s left)');
    line.stop();
  });

  it('writes plain lines only in a pipe or under CI', async () => {
    for (const [isTTY, env] of [
      [false, {}],
      [true, { CI: 'true' }],
    ] as const) {
      const { stream, text } = sink(isTTY);
      await play(stream, env);
      // The plain lines are all there: each check as it ended, then the summary.
      expect(text().split('\n')).toEqual(
        expect.arrayContaining([
          'PASS reply.correlates (1 ms) held: 3 hellos',
          'PASS url.expiry (1 ms) held: 3 hellos',
          'PASSED 2 pass in 0.0 s',
        ]),
      );
      expect(text().endsWith('\n')).toBe(true);
      expect(text()).not.toContain('running');
      expect(text()).not.toContain('\x1b');
    }
  });
});
