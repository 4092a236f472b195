import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ClientContext } from '../check/client-context.js';
import { CLIENT_SUITE_NAMES, SUITE_NAMES } from '../config/schema.js';
import { HarnessError } from '../errors.js';
import type { Check } from '../check/check.js';

/** suites/ beside harness/, in the source tree and in dist/ alike. */
const SUITES_DIR = fileURLToPath(new URL('../../suites/', import.meta.url));
const CHECK_FILE = /\.check\.(?:js|ts)$/;
const CLIENT_CHECK_FILE = /\.client-check\.(?:js|ts)$/;
const REQUIRED: (keyof Check)[] = [
  'id',
  'suite',
  'level',
  'title',
  'clause',
  'source',
  'sends',
  'requires',
  'needs',
  'premises',
  'run',
];

/**
 * Finds every server check under suites/ (files named `*.check.ts`, default-exporting a check or an array of
 * them): no hand-kept list. Rejects duplicate ids and missing fields before anything runs.
 */
export function discoverChecks(dir = SUITES_DIR): Promise<Check[]> {
  return discover<Check>(dir, CHECK_FILE, SUITE_NAMES);
}

/** Every client check (`*.client-check.ts`), in the order its scenarios run. */
export async function discoverClientChecks(dir = SUITES_DIR): Promise<Check<ClientContext>[]> {
  const checks = await discover<Check<ClientContext>>(dir, CLIENT_CHECK_FILE, CLIENT_SUITE_NAMES);
  return checks.sort((a, b) => (a.order ?? 0) - (b.order ?? 0));
}

/** Every check of either side with the file that defines it (for tests of the layout). */
export async function discoverCheckFiles(dir = SUITES_DIR): Promise<{ file: string; check: Check<never> }[]> {
  const found: { file: string; check: Check<never> }[] = [];
  await discover<Check<never>>(
    dir,
    /\.(?:client-)?check\.(?:js|ts)$/,
    [...SUITE_NAMES, ...CLIENT_SUITE_NAMES],
    (file, check) => found.push({ file, check }),
  );
  return found;
}

async function discover<C extends Check<never>>(
  dir: string,
  pattern: RegExp,
  suites: readonly string[],
  onCheck?: (file: string, check: C) => void,
): Promise<C[]> {
  const files = walk(dir)
    .filter((f) => pattern.test(f) && !f.endsWith('.d.ts'))
    .sort();
  const checks: C[] = [];
  const seen = new Map<string, string>();
  for (const file of files) {
    const mod = (await import(pathToFileURL(file).href)) as { default?: C | C[] };
    const found = Array.isArray(mod.default) ? mod.default : mod.default ? [mod.default] : [];
    if (found.length === 0) throw new HarnessError('E_INTERNAL', `${file}: exports no check`);
    for (const check of found) {
      const missing = REQUIRED.filter((k) => check[k] === undefined || check[k] === '');
      if (missing.length > 0)
        throw new HarnessError('E_INTERNAL', `${file}: check ${check.id ?? '(no id)'} lacks ${missing.join(', ')}`);
      if (!suites.includes(check.suite))
        throw new HarnessError('E_INTERNAL', `${file}: check ${check.id}: unknown suite ${check.suite}`);
      const other = seen.get(check.id);
      if (other) throw new HarnessError('E_INTERNAL', `duplicate check id ${check.id} in ${other} and ${file}`);
      seen.set(check.id, file);
      checks.push(check);
      onCheck?.(file, check);
    }
  }
  return checks;
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? walk(full) : [full];
  });
}
