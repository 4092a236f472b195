import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { grade, type MatrixResults } from './grade.js';
import { cacheDir, install, MissingTool } from './install.js';
import { keyOf, LIBRARIES, type MatrixEntry, slugOf } from './libraries.js';
import { type GradedEntry, renderMatrix } from './render.js';

/**
 * `npm run matrix [-- --only NAME@VERSION ... --check GLOB ... --out FILE --runs-dir DIR --render-only -- CLI-FLAGS]`:
 * installs, grades and tabulates every library of scripts/matrix/libraries.ts into docs/compatibility.md. Flags
 * after a second `--` go to every `client`/`run` call (a test uses short client timeouts there); `--render-only`
 * rewrites the page from the last runs' results.json files.
 */
export interface MatrixOptions {
  root: string;
  /** Keys (`name@version`) to grade; empty: all. */
  only: string[];
  /** `--check` globs for every run; empty: every check. */
  checks: string[];
  /** The Markdown file to write. */
  out: string;
  /** Where each run writes its report folder. */
  runsDir: string;
  /** Further CLI flags for every graded run. */
  extraArgs: string[];
  /** The UTC day written in the table (the wall clock is the point here). */
  date: string;
  /** Render from the results.json files already in runsDir, without installing or grading. */
  renderOnly?: boolean;
}

/** The checks of the short Node 20 run that shows why a library is graded on Node 18. */
const NODE20_CHECKS = ['client.connect', 'client.echo', 'client.survives'];

function select(only: string[]): MatrixEntry[] {
  if (!only.length) return [...LIBRARIES];
  const known = new Map(LIBRARIES.map((e) => [keyOf(e), e]));
  return only.map((key) => {
    const entry = known.get(key);
    if (!entry)
      throw new MissingTool(`--only ${key}: not in scripts/matrix/libraries.ts (${[...known.keys()].join(', ')})`);
    return entry;
  });
}

function readResults(dir: string): MatrixResults {
  const file = join(dir, 'results.json');
  if (!existsSync(file)) throw new MissingTool(`${file} is missing: run npm run matrix without --render-only`);
  return JSON.parse(readFileSync(file, 'utf8')) as MatrixResults;
}

/** The entries as their last runs in runsDir left them. */
function readGraded(entries: MatrixEntry[], runsDir: string): GradedEntry[] {
  return entries.map((entry) => ({
    entry,
    results: readResults(join(runsDir, slugOf(entry))),
    node20: entry.runtime === 'node18' ? readResults(join(runsDir, `${slugOf(entry)}-node20`)) : undefined,
  }));
}

function write(graded: GradedEntry[], options: MatrixOptions): void {
  const { version } = JSON.parse(readFileSync(join(options.root, 'package.json'), 'utf8')) as { version: string };
  writeFileSync(options.out, renderMatrix(graded, { version, date: options.date, root: options.root }));
  console.error(`matrix: wrote ${options.out}`);
}

/** Grades the selected libraries and writes the matrix; returns what it graded (results included). */
export async function generateMatrix(options: MatrixOptions): Promise<GradedEntry[]> {
  const entries = select(options.only);
  if (options.renderOnly) {
    const graded = readGraded(entries, options.runsDir);
    write(graded, options);
    return graded;
  }
  // Everything is installed (and every missing tool named) before the first run: minutes of grading are not
  // spent on a matrix that cannot be finished.
  const installed = entries.map((entry) => install(options.root, entry));
  const graded: GradedEntry[] = [];
  for (const [i, entry] of entries.entries()) {
    const run = { root: options.root, checks: options.checks, extraArgs: options.extraArgs };
    console.error(`matrix: grading ${keyOf(entry)} (${i + 1} of ${entries.length})`);
    const results = await grade(entry, installed[i], { ...run, out: join(options.runsDir, slugOf(entry)) });
    let node20: GradedEntry['node20'];
    if (entry.runtime === 'node18') {
      const onNode20 = { command: [process.execPath, ...installed[i].command.slice(1)] };
      const checks = options.checks.length ? options.checks : NODE20_CHECKS;
      node20 = await grade(entry, onNode20, { ...run, checks, out: join(options.runsDir, `${slugOf(entry)}-node20`) });
    }
    graded.push({ entry, results, node20 });
  }
  write(graded, options);
  return graded;
}

async function main(): Promise<void> {
  const root = fileURLToPath(new URL('../../', import.meta.url));
  const argv = process.argv.slice(2);
  const split = argv.indexOf('--');
  const { values } = parseArgs({
    args: split < 0 ? argv : argv.slice(0, split),
    options: {
      only: { type: 'string', multiple: true, default: [] },
      check: { type: 'string', multiple: true, default: [] },
      out: { type: 'string', default: join(root, 'docs', 'compatibility.md') },
      'runs-dir': { type: 'string', default: join(cacheDir(root), 'runs') },
      'render-only': { type: 'boolean', default: false },
    },
  });
  await generateMatrix({
    root,
    only: values.only,
    checks: values.check,
    out: values.out,
    runsDir: values['runs-dir'],
    extraArgs: split < 0 ? [] : argv.slice(split + 1),
    date: new Date().toISOString().slice(0, 10),
    renderOnly: values['render-only'],
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((err: unknown) => {
    // A missing tool or a bad flag is the caller's to fix: one line, exit 2. Anything else is a bug: its stack.
    const usage = err instanceof MissingTool || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    console.error(usage ? `matrix: ${(err as Error).message}` : err);
    process.exit(usage ? 2 : 1);
  });
}
