import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { CheckResult, ClientRestart, RunEvent, RunInfo } from '../../harness/runner/events.js';
import { consoleReporter } from '../../reports/console.js';
import { htmlReporter, writeHtmlReport } from '../../reports/html.js';
import { jsonReporter } from '../../reports/json.js';
import { markdownReporter } from '../../reports/markdown.js';

const info: RunInfo = {
  tool: { name: 'rtm-conformance', version: 'test' },
  target: { api: 'client under test: node bot.js', embedded: true, faults: [] },
  seed: 1,
  runs: 1,
  startedAt: '2026-12-01T00:00:00.000Z',
  strict: false,
};
const result: CheckResult = {
  id: 'client.stale-reply-to',
  suite: 'client',
  level: 'MUST',
  status: 'pass',
  title: 't',
  clause: 'c',
  source: 'https://api.slack.com/legacy/rtm#basics',
  sends: '',
  requires: '',
  message: 'reply_to 9000001 ignored: 1 echo',
  expected: [],
  actual: '',
  durationMs: 1,
};
// A hostile exit reason would come from the side, not the client; the reporters escape it all the same.
const restart: ClientRestart = {
  n: 1,
  max: 3,
  beforeCheck: 'client.stale-reply-to',
  reason: 'it exited with code 70 during client.unknown-events <b>',
  connectedMs: 312,
};
const LINE =
  'client restarted (1 of at most 3) before client.stale-reply-to: it exited with code 70 during client.unknown-events <b>; connected 312 ms later';

/** A client run with one restart, as the engine tells it. */
const EVENTS: RunEvent[] = [
  { type: 'run-start', info, plan: [] },
  { type: 'check-start', id: result.id },
  { type: 'client-restart', restart },
  { type: 'check-end', result },
  {
    type: 'run-end',
    info,
    results: [result],
    summary: { pass: 1, fail: 0, warn: 0, info: 0, skip: 0, error: 0 },
    durationMs: 10,
    verdict: 'pass',
  },
];

describe('a client restart on the event stream, in every report', () => {
  it('the console prints it where it happened, before the check it was for', async () => {
    const out = new PassThrough();
    let text = '';
    out.on('data', (d) => {
      text += d;
    });
    const reporter = consoleReporter(out, {});
    for (const e of EVENTS) await reporter.onEvent(e);
    expect(text).toContain(`RESTART ${LINE}`);
    expect(text.indexOf('RESTART')).toBeLessThan(text.indexOf('PASS client.stale-reply-to'));
  });

  it('results.json records it; summary.md and index.html show it (escaped), also when re-rendered from results.json', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rtm-restart-'));
    for (const reporter of [jsonReporter(dir), markdownReporter(dir), htmlReporter(dir)])
      for (const e of EVENTS) await reporter.onEvent(e);
    expect(JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')).restarts).toEqual([restart]);
    const md = readFileSync(join(dir, 'summary.md'), 'utf8');
    expect(md).toContain('**Client restarts:** 1');
    expect(md).toContain('it exited with code 70 during client.unknown-events &lt;b&gt;');
    const page = () => readFileSync(join(dir, 'index.html'), 'utf8');
    expect(page()).toContain('<h2>Client restarts</h2>');
    expect(page()).toContain('during client.unknown-events &lt;b&gt;; connected 312 ms later');
    await writeHtmlReport(dir);
    expect(page()).toContain('during client.unknown-events &lt;b&gt;; connected 312 ms later');
  });

  it('a run without restarts writes no restarts field and no section', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rtm-restart-'));
    for (const reporter of [jsonReporter(dir), markdownReporter(dir), htmlReporter(dir)])
      for (const e of EVENTS.filter((x) => x.type !== 'client-restart')) await reporter.onEvent(e);
    expect(JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8'))).not.toHaveProperty('restarts');
    expect(readFileSync(join(dir, 'summary.md'), 'utf8')).not.toContain('Client restarts');
    expect(readFileSync(join(dir, 'index.html'), 'utf8')).not.toContain('Client restarts');
  });
});
