import { spawn } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = fileURLToPath(new URL('../../cli/bin.ts', import.meta.url));
/** tsx's loader by absolute URL, so the CLI runs from source in any working folder. */
const TSX = pathToFileURL(`${ROOT}node_modules/tsx/dist/loader.mjs`).href;

/** Preload that reports the child's peak RSS without GNU time (a fresh machine may lack it). */
const MAX_RSS = pathToFileURL(fileURLToPath(new URL('./report-max-rss.mjs', import.meta.url))).href;

/** The command line that runs the CLI from source: spawn it with the CLI's arguments appended. */
export const CLI_COMMAND = [process.execPath, '--import', TSX, BIN];

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI from source in a child process (as a user would run it), bounded in time. */
export function runCli(
  args: string[],
  options: {
    cwd?: string;
    env?: NodeJS.ProcessEnv;
    timeoutMs?: number /** Print the child's peak RSS on stderr (`MAXRSS_KB=…`) as it exits. */;
    reportMaxRss?: boolean;
  } = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const [command, ...rest] = [
      process.execPath,
      ...(options.reportMaxRss ? ['--import', MAX_RSS] : []),
      ...CLI_COMMAND.slice(1),
      ...args,
    ];
    const child = spawn(command, rest, {
      cwd: options.cwd ?? ROOT,
      env: { ...process.env, CI: 'true', RTM_TOKEN: '', RTM_TOKEN_2: '', RTM_TOKEN_3: '', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(
          `CLI did not finish within ${options.timeoutMs ?? 60_000} ms: ${args.join(' ')}\n${stdout}\n${stderr}`,
        ),
      );
    }, options.timeoutMs ?? 60_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
