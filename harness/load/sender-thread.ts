import { HarnessError } from '../errors.js';
import { moduleWorker } from './module-worker.js';
import type { Progress, SenderConfig, StepResult } from './sender-types.js';

/** One sender in its own worker thread: `ready` once connected, `done` with its step results. */
export function spawnSender(
  config: SenderConfig,
  onProgress: (p: Progress) => void,
  onStep: (step: number) => void = () => undefined,
) {
  const worker = moduleWorker('worker', config);
  let markReady: () => void;
  let fail: (e: Error) => void;
  const ready = new Promise<void>((resolve, reject) => {
    markReady = resolve;
    fail = reject;
  });
  const done = new Promise<StepResult[]>((resolve, reject) => {
    worker.on(
      'message',
      (m: { type: string; progress?: Progress; steps?: StepResult[]; message?: string; step?: number }) => {
        if (m.type === 'ready') markReady();
        else if (m.type === 'progress') onProgress(m.progress!);
        else if (m.type === 'step') onStep(m.step!);
        else if (m.type === 'done') resolve(m.steps!);
        else if (m.type === 'failed') {
          const err = new HarnessError('E_TARGET_UNREACHABLE', `load: a sender failed: ${m.message}`);
          fail(err);
          reject(err);
        }
      },
    );
    worker.on('error', (e) => {
      fail(e);
      reject(e);
    });
  });
  done.catch(() => undefined);
  /** Drops this fraction of the sender's connections (a storm's `drop=P%`). */
  const drop = (fraction: number) => worker.postMessage({ type: 'drop', fraction });
  return { ready, done, drop };
}
