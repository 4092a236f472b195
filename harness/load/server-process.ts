import type { ChildProcess } from 'node:child_process';
import { HarnessError } from '../errors.js';
import type { FanOut } from './delivery/fan-out-fixture.js';
import { forkModule } from './fork-module.js';

/** What the harness asks of the server process: its stats, or an event first (`load --at`). */
export interface ServerRequest {
  id: number;
  op: 'stats' | 'goodbye' | 'drop' | 'faults';
  faults?: string[];
}

export interface ServerStats {
  /** CPU time the server process has used so far (µs), and its resident memory (bytes). */
  cpuUs: number;
  rssBytes: number;
  /** WebSocket connections open now. */
  connections: number;
}

export interface ServerProcess {
  apiUrl: string;
  tokens: string[];
  /** A fan-out load: tokens of users in no channel, for the idle connections (absent otherwise). */
  idleTokens?: string[];
  channel: string;
  stats(): Promise<ServerStats>;
  /** An event in the server (goodbye to all, drop all, faults switched), answered with the stats after it. */
  control(op: ServerRequest['op'], faults?: string[]): Promise<ServerStats>;
  stop(): Promise<void>;
}

/** A server process that does not answer within this long is reported, not waited for. */
const ANSWER_MS = 10_000;

/**
 * The reference server in its own process, rate limit off, so that client and server never share an
 * event loop. The child runs server-main, which reports its URL and tokens over IPC, then answers requests by id.
 * With `fanOut`, its workspace is the generated fan-out fixture and `tokens` are every member's.
 */
export async function startServerProcess(faults: string[] = [], fanOut?: FanOut): Promise<ServerProcess> {
  const child: ChildProcess = forkModule(
    import.meta.url,
    'server-main',
    fanOut ? [...faults, '--fan-out', String(fanOut.members), String(fanOut.channels)] : faults,
  );
  const ready = await new Promise<{ apiUrl: string; tokens: string[]; idleTokens?: string[]; channel: string }>(
    (resolve, reject) => {
      const timer = setTimeout(
        () => reject(new HarnessError('E_INTERNAL', 'the reference server process did not start within 20 s')),
        20_000,
      );
      child.once('message', (m) => {
        clearTimeout(timer);
        resolve(m as { apiUrl: string; tokens: string[]; idleTokens?: string[]; channel: string });
      });
      child.once('exit', (code) =>
        reject(new HarnessError('E_INTERNAL', `the reference server process exited (${code})`)),
      );
    },
  );
  const waiting = new Map<number, (s: ServerStats) => void>();
  child.on('message', (m: ServerStats & { id?: number }) => {
    if (m.id === undefined) return;
    waiting.get(m.id)?.(m);
    waiting.delete(m.id);
  });
  let next = 0;
  const control = (op: ServerRequest['op'], list?: string[]) =>
    new Promise<ServerStats>((resolve, reject) => {
      const id = ++next;
      const timer = setTimeout(() => {
        waiting.delete(id);
        reject(new HarnessError('E_INTERNAL', `the reference server process did not answer "${op}" within 10 s`));
      }, ANSWER_MS);
      waiting.set(id, (s) => {
        clearTimeout(timer);
        resolve(s);
      });
      child.send({ id, op, faults: list } satisfies ServerRequest);
    });
  return {
    ...ready,
    stats: () => control('stats'),
    control,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
