import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ResultsFile } from '../../harness/results/results-file.js';
import { mdCell, mdCode, renderMarkdown } from '../../reports/markdown.js';
import { CLI_COMMAND, runCli } from '../helpers/cli.js';

const HOSTILE = 'a | b `code` <img src=x onerror=alert(1)> [link](http://evil) *bold*\nsecond line';

describe('Markdown summary', () => {
  it('keeps a hostile string inside its table cell: no pipe, backtick, HTML, link or line break survives', () => {
    const cell = mdCell(HOSTILE);
    expect(cell).not.toMatch(/(^|[^\\])\|/);
    expect(cell).not.toMatch(/(^|[^\\])`/);
    expect(cell).not.toContain('<img');
    expect(cell).not.toContain('\n');
    expect(cell).toContain('\\[link\\]\\(http://evil\\)');
    expect(mdCode('echo `x` | y')).toBe('``echo `x` \\| y``');
    expect(mdCode('`x`')).toBe('`` `x` ``');
  });

  it('gives the verdict, the counts and one row per failing, erroring or warning check with its clause and replay', () => {
    const check = (id: string, status: string) => ({
      id,
      suite: 's',
      level: 'MUST',
      status,
      title: 't',
      clause: HOSTILE,
      source: 'https://api.slack.com/legacy/rtm#basics',
      sends: '',
      requires: '',
      message: HOSTILE,
      expected: [],
      actual: '',
      replay: 'npx rtm-conformance run --check x',
      durationMs: 1,
    });
    const file = {
      tool: { name: 'rtm-conformance', version: '0' },
      target: { api: 'http://x/api/', embedded: false, faults: [] },
      seed: 1,
      runs: 1,
      startedAt: '',
      strict: false,
      durationMs: 1000,
      verdict: 'fail',
      summary: { pass: 1, fail: 1, warn: 1, info: 0, skip: 0, error: 1 },
      checks: [check('a.pass', 'pass'), check('b.fail', 'fail'), check('c.warn', 'warn'), check('d.error', 'error')],
    } as unknown as ResultsFile;
    const md = renderMarkdown(file);
    expect(md).toMatch(/^## ❌ rtm-conformance: FAIL/);
    expect(md).toContain('| 1 | 1 | 1 | 0 | 0 | 1 |');
    const rows = md.split('\n').filter((l) => /^\| (FAIL|ERROR|WARN) /.test(l));
    expect(rows.map((r) => r.split(' ')[1])).toEqual(['FAIL', 'ERROR', 'WARN']);
    // Every row has exactly the table's six cells, whatever the hostile text held.
    for (const r of rows) expect(r.split(/(?<!\\)\|/).length - 2).toBe(6);
    expect(md).toContain('([source](https://api.slack.com/legacy/rtm#basics))');
    expect(md).toContain('`npx rtm-conformance run --check x`');
    expect(md).not.toContain('a.pass');
  });

  it('is written by --reporter markdown from a real run', async () => {
    const out = mkdtempSync(join(tmpdir(), 'rtmc-md-'));
    const run = await runCli([
      '--suite',
      'ping',
      '--fault',
      'pong-drops-args',
      '--runs',
      '3',
      '--out',
      out,
      '--reporter',
      'markdown',
    ]);
    expect(run.code).toBe(1);
    const md = readFileSync(join(out, 'summary.md'), 'utf8');
    expect(md).toContain('rtm-conformance: FAIL');
    expect(md).toContain('`ping.echoes-flat-args`');
  });
});

describe('GitHub Action script', () => {
  it('dry run without GitHub: runs the suites and prints the summary it would write to $GITHUB_STEP_SUMMARY, exit status of the run', () => {
    const out = mkdtempSync(join(tmpdir(), 'rtmc-action-'));
    const env = {
      ...process.env,
      CI: 'true',
      GITHUB_STEP_SUMMARY: '',
      RTM_CONFORMANCE_CLI: CLI_COMMAND.join(' '),
      INPUT_OUT: out,
      INPUT_SUITES: 'ping connect',
      INPUT_ARGS: '--fault pong-drops-args --runs 3',
    };
    const run = spawnSync('bash', [new URL('../../action/run.sh', import.meta.url).pathname], {
      env,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.status, run.stderr).toBe(1);
    expect(run.stdout).toContain('## ❌ rtm-conformance: FAIL');
    expect(run.stdout).toMatch(/\| FAIL \| `ping\.echoes-flat-args` \| MUST \|/);
    expect(readFileSync(join(out, 'results.json'), 'utf8')).toContain('ping.echoes-flat-args');
  });

  it('appends the summary to $GITHUB_STEP_SUMMARY when it is set', () => {
    const out = mkdtempSync(join(tmpdir(), 'rtmc-action-'));
    const summary = join(out, 'step-summary.md');
    const env = {
      ...process.env,
      CI: 'true',
      GITHUB_STEP_SUMMARY: summary,
      RTM_CONFORMANCE_CLI: CLI_COMMAND.join(' '),
      INPUT_OUT: out,
      INPUT_SUITES: 'connect',
    };
    const run = spawnSync('bash', [new URL('../../action/run.sh', import.meta.url).pathname], {
      env,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.status, run.stderr).toBe(0);
    expect(readFileSync(summary, 'utf8')).toContain('## ✅ rtm-conformance: PASS');
  });
});
