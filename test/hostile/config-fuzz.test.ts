import fc from 'fast-check';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { stringify } from 'yaml';
import { main } from '../../cli/main.js';

const SEED = 424242;
let _out = '';
let err = '';
beforeEach(() => {
  _out = '';
  err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((s) => {
    _out += String(s);
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation((s) => {
    err += String(s);
    return true;
  });
});
afterEach(() => vi.restoreAllMocks());

/** Either it ran (0; --list keeps it quick) or it said one line naming the place, exit 2. Never a throw. */
function judge(code: number, seen: Set<number>): void {
  seen.add(code);
  expect([0, 2]).toContain(code);
  if (code === 2) {
    const lines = err.trim().split('\n');
    expect(lines, err).toHaveLength(1);
    expect(lines[0]).toMatch(/^rtm-conformance: \S/);
    expect(err).not.toMatch(/\n\s+at /);
  }
}

const value = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.integer({ min: -5, max: 100_000 }),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string({ maxLength: 6 }), { maxLength: 3 }),
);
const key = fc.constantFrom(
  'target',
  'expect',
  'seed',
  'runs',
  'suites',
  'checks',
  'reports',
  'load',
  'embedded',
  'api',
  'tokens',
  'channel',
  'urlTtl',
  'maxMessageBytes',
  'include',
  'exclude',
  'formats',
  'out',
  'rate',
  'bogus',
);
const tree: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: 'small' }, value, fc.dictionary(key, tie('node'), { maxKeys: 4 })),
})).node;
const yamlDoc = fc.oneof(
  fc.dictionary(key, tree, { maxKeys: 5 }).map((doc) => stringify(doc)),
  fc
    .tuple(
      fc.dictionary(key, tree, { maxKeys: 4 }).map((doc) => stringify(doc)),
      fc.nat(),
      // biome-ignore lint/suspicious/noTemplateCurlyInString: ${VAR} in a config file is what this test is about
      fc.constantFrom('[', ': :', '\t', '{', '"', '${NOPE_VAR}', '- x\n'),
    )
    .map(([text, at, junk]) => text.slice(0, at % (text.length + 1)) + junk + text.slice(at % (text.length + 1))),
  fc.string({ maxLength: 60 }),
);

const flagValue = fc.oneof(
  fc.constantFrom(
    '1',
    '0',
    '-3',
    'abc',
    'connect',
    'typing',
    '*',
    'http://127.0.0.1:9/api/',
    'ftp://x',
    'xoxp-1',
    '',
    '99999999999',
  ),
  fc.string({ maxLength: 8 }),
);
const flag = fc.constantFrom(
  '--suite',
  '--check',
  '--seed',
  '--runs',
  '--api',
  '--token',
  '--channel',
  '--reporter',
  '--expect-url-ttl',
  '--expect-max-bytes',
  '--path',
  '--fault',
  '--out',
  '--reply-timeout',
  '--ca',
  '--bogus',
  '--strict',
  '--insecure',
);
const flags = fc
  .array(fc.tuple(flag, flagValue), { maxLength: 5 })
  .map((pairs) => pairs.flatMap(([f, v]) => (f === '--strict' || f === '--insecure' ? [f] : [f, v])));

describe(`config and flag fuzzing (seed ${SEED})`, () => {
  it('a generated conformance.yaml runs or exits 2 with one line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rtmc-fuzz-'));
    const seen = new Set<number>();
    await fc.assert(
      fc.asyncProperty(yamlDoc, async (text) => {
        err = '';
        const file = join(dir, 'c.yaml');
        writeFileSync(file, text);
        judge(await main(['-c', file, '--list']), seen);
      }),
      { seed: SEED, numRuns: 150 },
    );
    expect(seen).toEqual(new Set([0, 2])); // both valid and invalid documents were generated
  });

  it('a generated flag list runs or exits 2 with one line', async () => {
    const seen = new Set<number>();
    await fc.assert(
      fc.asyncProperty(flags, async (argv) => {
        err = '';
        judge(await main([...argv, '--list', '-c', '/dev/null']), seen);
      }),
      { seed: SEED, numRuns: 200 },
    );
    expect(seen).toEqual(new Set([0, 2]));
  });
});
