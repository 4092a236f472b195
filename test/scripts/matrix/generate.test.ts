import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { generateMatrix } from '../../../scripts/matrix/generate.js';
import type { MatrixResults } from '../../../scripts/matrix/grade.js';
import { LIBRARIES } from '../../../scripts/matrix/libraries.js';
import { cell, checkTable, notable } from '../../../scripts/matrix/render.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'rtmc-matrix-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The cells of the Markdown table row that starts with `first`. */
function row(markdown: string, first: string): string[] {
  const line = markdown.split('\n').find((l) => l.startsWith(`| ${first} |`));
  if (!line) throw new Error(`no row starting with ${first}`);
  return line
    .slice(2, -2)
    .split(/(?<!\\) \| /)
    .map((c) => c.trim());
}

const results = (checks: MatrixResults['checks']): MatrixResults => ({
  tool: { name: 'rtm-conformance', version: '0.1.0' },
  durationMs: 1000,
  summary: { pass: 0, fail: 0, warn: 0, info: 0, skip: 0, error: 0 },
  checks,
});
const check = (id: string, status: string, message: string) => ({
  id,
  status,
  message,
  level: 'MUST',
  source: 'https://api.slack.com/legacy/rtm#limits',
});

describe('the compatibility matrix generator (scripts/matrix/)', () => {
  it('grades @slack/rtm-api 6.2.1 from node_modules and writes its row from that run’s results.json', {
    timeout: 90_000,
  }, async () => {
    // Five client checks, three echo requests each, short waits: the generator's path end to end in seconds. The
    // library warns in client.message-size (it sends 5000 characters in one frame), so the row has two kinds.
    const out = join(scratch, 'compatibility.md');
    const runsDir = join(scratch, 'runs');
    await generateMatrix({
      root: ROOT,
      only: ['@slack/rtm-api@6.2.1'],
      checks: ['client.connect', 'client.echo', 'client.unknown-events', 'client.message-size', 'client.ids'],
      extraArgs: ['--runs', '3', '--connect-timeout', '8000', '--echo-timeout', '3000'],
      out,
      runsDir,
      date: '2031-02-03',
    });
    const doc = readFileSync(out, 'utf8');
    const ran = JSON.parse(
      readFileSync(join(runsDir, '@slack+rtm-api@6.2.1', 'results.json'), 'utf8'),
    ) as MatrixResults;
    const ids = ['client.connect', 'client.echo', 'client.unknown-events', 'client.message-size', 'client.ids'];
    expect(ran.checks.map((c) => c.id)).toEqual(ids);

    expect(doc).toContain(`rtm-conformance\n${ran.tool.version} on 2031-02-03 (UTC)`);
    const summary = row(doc, '@slack/rtm-api');
    expect(summary.slice(0, 2)).toEqual(['@slack/rtm-api', '6.2.1']);
    const s = ran.summary;
    expect(summary.slice(5, 10).map(Number)).toEqual([s.pass, s.warn, s.fail, s.error, s.skip]);
    const worst = ['fail', 'error', 'warn'].map((status) => ran.checks.find((c) => c.status === status)).find(Boolean);
    if (worst) expect(summary[11]).toContain(worst.id);
    else expect(summary[11]).toContain(`(${s.pass})`);

    // Every check of the run has its cell: the outcome, linked to its clause's section of the RTM page.
    for (const c of ran.checks) {
      const [, level, outcome] = row(doc, `\`${c.id}\``);
      expect(level).toBe(c.level);
      const link = /^\[(\w+)\]\((https:\/\/api\.slack\.com\/legacy\/rtm#[\w-]+)\)$/.exec(outcome);
      expect(link?.[1]).toBe(c.status);
      expect(c.source.split(/;\s*/)).toContain(link?.[2]);
    }
    expect(doc).not.toContain(ROOT);
  });

  it("a row's notable line is its worst check with the evidence, the others by name; skips alone are no pass", () => {
    const mixed = results([
      check('a.passes', 'pass', 'fine'),
      check('a.warns', 'warn', 'slow'),
      check('a.fails', 'fail', `expected x | y; got a crash in ${ROOT}.matrix/npm/lib.js:3\n  at <anonymous>`),
    ]);
    expect(notable(mixed, ROOT)).toBe(
      'fails a.fails: expected x \\| y; got a crash in .matrix/npm/lib.js:3 at &lt;anonymous&gt;; also a.warns (warn)',
    );
    const skipped = results([check('a.skips', 'skip', 'needs a channel (--channel)')]);
    expect(notable(skipped, ROOT)).toBe('nothing judged; skips 1, first a.skips: needs a channel (--channel)');
    expect(notable(results([check('a.passes', 'pass', 'fine')]), ROOT)).toBe('passes every check it was judged on (1)');
    expect([...cell('x'.repeat(500), ROOT)].length).toBe(220);
  });

  it("each cell of the check table is that library's outcome, linked to the RTM page's section of the clause", () => {
    const [entry] = LIBRARIES;
    const table = checkTable([
      {
        entry,
        results: results([
          check('a.fails', 'fail', 'x'),
          {
            ...check('a.warns', 'warn', 'y'),
            source: 'https://api.slack.com/methods/rtm.connect; https://api.slack.com/legacy/rtm#ping-pong',
          },
        ]),
      },
      { entry: LIBRARIES[1], results: results([check('a.fails', 'pass', 'z')]) },
    ]);
    expect(row(table, '`a.fails`')).toEqual([
      '`a.fails`',
      'MUST',
      '[fail](https://api.slack.com/legacy/rtm#limits)',
      '[pass](https://api.slack.com/legacy/rtm#limits)',
    ]);
    expect(row(table, '`a.warns`')).toEqual([
      '`a.warns`',
      'MUST',
      '[warn](https://api.slack.com/legacy/rtm#ping-pong)',
      'not run',
    ]);
  });

  it('pins every library at an exact version, each with an adapter in examples/', () => {
    for (const entry of LIBRARIES) {
      expect(entry.version, entry.name).toMatch(/^\d+\.\d+\.\d+(-\d+)?$/);
      expect(entry.adapter, entry.name).toMatch(/^examples\//);
      if (entry.runtime === 'node18') expect(entry.runtimeWhy, entry.name).toBeTruthy();
    }
  });
});
