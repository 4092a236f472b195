import { Worker } from 'node:worker_threads';
import { HarnessError } from '../errors.js';
import type { Progress, SenderConfig, StepResult } from './sender.js';

/** One sender in its own worker thread: `ready` once connected, `done` with its step results. */
export function spawnSender(config: SenderConfig, onProgress: (p: Progress) => void) {
  const here = import.meta.url;
  const worker = here.endsWith('.ts')
    ? // Running from source (tests, development): the thread needs tsx to load TypeScript.
      new Worker(`import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(new URL('./worker.ts', here).href)}); });`, { eval: true, workerData: config })
    : new Worker(new URL('./worker.js', here), { workerData: config });
  let markReady: () => void;
  let fail: (e: Error) => void;
  const ready = new Promise<void>((resolve, reject) => {
    markReady = resolve;
    fail = reject;
  });
  const done = new Promise<StepResult[]>((resolve, reject) => {
    worker.on('message', (m: { type: string; progress?: Progress; steps?: StepResult[]; message?: string }) => {
      if (m.type === 'ready') markReady();
      else if (m.type === 'progress') onProgress(m.progress!);
      else if (m.type === 'done') resolve(m.steps!);
      else if (m.type === 'failed') {
        const err = new HarnessError('E_TARGET_UNREACHABLE', `load: a sender failed: ${m.message}`);
        fail(err);
        reject(err);
      }
    });
    worker.on('error', (e) => {
      fail(e);
      reject(e);
    });
  });
  done.catch(() => undefined);
  return { ready, done };
}
