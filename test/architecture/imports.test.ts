import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory()
      ? walk(full)
      : /\.(?:ts|mts)$/.test(name) && !name.endsWith('.d.ts')
        ? [full]
        : [];
  });
}

/** Every module a file imports (static, dynamic, type-only and re-exports): a repo path for a file of ours, else the package. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)['"]([^'"]+)['"]/gm)].map((m) => m[1]);
  return specs.map((s) =>
    s.startsWith('.') ? ours(relative(ROOT, resolve(dirname(file), s)).replace(/\.js$/, '.ts')) : s,
  );
}

/** [file, imported] pairs of every source file under `folders`. */
function edges(...folders: string[]): [string, string][] {
  return folders.flatMap((f) =>
    walk(join(ROOT, f)).flatMap((file) => importsOf(file).map((to): [string, string] => [relative(ROOT, file), to])),
  );
}

/** Files of ours are marked so that a package named like a folder of ours is not taken for it. */
const ours = (path: string) => `~/${path}`;
const under = (path: string, ...rooms: string[]) => rooms.some((r) => path.startsWith(`~/${r}/`));

describe('the rooms and their one-way flow', () => {
  it('sees the imports it judges (a walker that found nothing would pass everything)', () => {
    const all = edges('harness', 'suites');
    expect(all.length).toBeGreaterThan(300);
    expect(all).toContainEqual(['harness/runner/engine.ts', '~/harness/runner/execute-check.ts']);
    expect(all).toContainEqual(['suites/ping/pong.check.ts', '~/harness/check/check.ts']);
    expect(all).toContainEqual(['suites/ping/pong.check.ts', 'fast-check']);
  });

  it('runner and client never import each other, in either direction', () => {
    const crossing = edges('harness/runner', 'harness/client').filter(
      ([from, to]) =>
        (under(ours(from), 'harness/runner') && under(to, 'harness/client')) ||
        (under(ours(from), 'harness/client') && under(to, 'harness/runner')),
    );
    expect(crossing).toEqual([]);
  });

  it('suites import only the check API, the protocol and packages', () => {
    const beyond = edges('suites').filter(
      ([, to]) => to.startsWith('~/') && !under(to, 'harness/check', 'harness/protocol'),
    );
    expect(beyond).toEqual([]);
  });

  it('the check API stands below every side: it imports no runner, client, target, server, plan, report or CLI', () => {
    const upward = edges('harness/check').filter(([, to]) =>
      under(
        to,
        'harness/runner',
        'harness/client',
        'harness/target',
        'harness/server',
        'harness/plans',
        'reports',
        'cli',
      ),
    );
    expect(upward).toEqual([]);
  });

  it('nothing in harness/ imports reports/ or cli/', () => {
    expect(edges('harness').filter(([, to]) => under(to, 'reports', 'cli'))).toEqual([]);
  });
});
