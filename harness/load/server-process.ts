import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { HarnessError } from '../errors.js';
import type { FanOut } from './delivery/fan-out-fixture.js';

export interface ServerProcess {
  apiUrl: string;
  tokens: string[];
  channel: string;
  /** CPU time the server process has used so far (µs), and its resident memory (bytes). */
  stats(): Promise<{ cpuUs: number; rssBytes: number }>;
  stop(): Promise<void>;
}

/**
 * The reference server in its own process, rate limit off, so that client and server never share an
 * event loop. The child runs server-main, which reports its URL and tokens over IPC. With `fanOut`, its workspace
 * is the generated fan-out fixture and `tokens` are every member's.
 */
export async function startServerProcess(faults: string[] = [], fanOut?: FanOut): Promise<ServerProcess> {
  const here = import.meta.url;
  const entry = fileURLToPath(new URL(`./server-main${here.endsWith('.ts') ? '.ts' : '.js'}`, here));
  const child: ChildProcess = fork(
    entry,
    fanOut ? [...faults, '--fan-out', String(fanOut.members), String(fanOut.channels)] : faults,
    { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] },
  );
  const ready = await new Promise<{ apiUrl: string; tokens: string[]; channel: string }>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new HarnessError('E_INTERNAL', 'the reference server process did not start within 20 s')),
      20_000,
    );
    child.once('message', (m) => {
      clearTimeout(timer);
      resolve(m as { apiUrl: string; tokens: string[]; channel: string });
    });
    child.once('exit', (code) =>
      reject(new HarnessError('E_INTERNAL', `the reference server process exited (${code})`)),
    );
  });
  return {
    ...ready,
    stats: () =>
      new Promise((resolve) => {
        child.once('message', (m) => resolve(m as { cpuUs: number; rssBytes: number }));
        child.send('cpu');
      }),
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
