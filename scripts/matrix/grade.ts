import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import type { Installed } from './install.js';
import type { MatrixEntry } from './libraries.js';

/** What the grade needs of results.json (docs/results-format.md). */
export interface MatrixResults {
  tool: { name: string; version: string };
  durationMs: number;
  summary: Record<'pass' | 'fail' | 'warn' | 'info' | 'skip' | 'error', number>;
  checks: { id: string; level: string; status: string; message: string; source: string }[];
  restarts?: { n: number; beforeCheck: string; reason: string }[];
}

export interface GradeOptions {
  root: string;
  /** The run's report folder (emptied first). */
  out: string;
  /** `--check` globs for the run, none for every check. */
  checks: string[];
  /** Further flags for the CLI, after the subcommand (`--runs 3`, client timeouts). */
  extraArgs: string[];
}

/** A server under test gets fake tokens: neither slacktest nor slack-mock checks them. */
const SERVER_TOKENS = ['xoxb-matrix-first', 'xoxb-matrix-second', 'xoxp-matrix-third'];
/** How long a server wrapper may take to print its URL. */
const SERVER_START_MS = 30_000;
/** The CLI's own bound is per check; a whole run that outlasts this is stopped. */
const RUN_LIMIT_MS = 20 * 60_000;

/** The CLI from source, as the tests run it (test/helpers/cli.ts). */
function cliCommand(root: string): string[] {
  const tsx = pathToFileURL(join(root, 'node_modules/tsx/dist/loader.mjs')).href;
  return [process.execPath, '--import', tsx, join(root, 'cli/bin.ts')];
}

/** Runs a child to its end, its output going to this process's stderr; resolves with its exit code. */
function runToEnd(command: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(command[0], command.slice(1), { cwd, env, stdio: ['ignore', 'inherit', 'inherit'] });
    const limit = setTimeout(() => child.kill('SIGKILL'), RUN_LIMIT_MS);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(limit);
      resolve(code);
    });
  });
}

/** Starts a server wrapper and waits for the base URL on its first line of stdout. */
function startServer(command: string[], cwd: string): Promise<{ child: ChildProcess; url: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command[0], command.slice(1), { cwd, stdio: ['ignore', 'pipe', 'inherit'] });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${command.join(' ')} printed no URL within ${SERVER_START_MS} ms`));
    }, SERVER_START_MS);
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`${command.join(' ')} exited (${code}) before printing its URL`)));
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).once('line', (line) => {
      clearTimeout(timer);
      child.stdout?.resume();
      resolve({ child, url: line.trim() });
    });
  });
}

function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/**
 * Grades one entry with the CLI: a client with `client -- COMMAND`, a server with `run --api URL` while its
 * wrapper runs. Returns what the run wrote to results.json; a run that wrote none is an error.
 */
export async function grade(entry: MatrixEntry, installed: Installed, options: GradeOptions): Promise<MatrixResults> {
  rmSync(options.out, { recursive: true, force: true });
  // The runs start beside their report folders, where no conformance.yaml of this repository is read.
  const cwd = dirname(options.out);
  mkdirSync(cwd, { recursive: true });
  const selection = options.checks.flatMap((glob) => ['--check', glob]);
  const common = [
    '--out',
    options.out,
    '--reporter',
    'json',
    '--reporter',
    'console',
    ...selection,
    ...options.extraArgs,
  ];
  const cli = cliCommand(options.root);
  if (entry.role === 'client') {
    await runToEnd([...cli, 'client', ...common, '--', ...installed.command], cwd, process.env);
  } else {
    const server = await startServer(installed.command, options.root);
    try {
      const env = {
        ...process.env,
        RTM_TOKEN: SERVER_TOKENS[0],
        RTM_TOKEN_2: SERVER_TOKENS[1],
        RTM_TOKEN_3: SERVER_TOKENS[2],
      };
      const channel = entry.channel ? ['--channel', entry.channel.id] : [];
      await runToEnd([...cli, 'run', '--api', server.url, ...channel, ...common], cwd, env);
    } finally {
      await stopServer(server.child);
    }
  }
  return JSON.parse(readFileSync(join(options.out, 'results.json'), 'utf8')) as MatrixResults;
}
