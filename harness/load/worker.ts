/** A sender thread: opens its share of the connections, runs every step, posts progress and results. */
import { parentPort, workerData } from 'node:worker_threads';
import { OpenModelSender } from './sender.js';
import type { SenderConfig } from './sender-types.js';
import { waitUntil } from './start-at.js';
import { preciseTimers } from './timer-slack.js';

const config = workerData as SenderConfig;
// This thread's own sleeps (the lean pacer blocks on it): the thread is the sender's, so the setting is too.
preciseTimers();
const sender = new OpenModelSender(
  config,
  (progress) => parentPort!.postMessage({ type: 'progress', progress }),
  (step) => parentPort!.postMessage({ type: 'step', step }),
);
// A storm mid-run (`--at T:drop=P%`): the senders' sockets are dropped with the idle ones.
const onCommand = (m: { type?: string; fraction?: number }) => {
  if (m?.type === 'drop') sender.drop(m.fraction ?? 1);
};
parentPort!.on('message', onCommand);
try {
  await sender.open();
  parentPort!.postMessage({ type: 'ready' });
  // Connected first, then the shared instant: the connecting time of each shard does not skew its steps.
  await waitUntil(config.startAtMs);
  const steps = await sender.run();
  parentPort!.postMessage({ type: 'done', steps });
} catch (err) {
  parentPort!.postMessage({ type: 'failed', message: err instanceof Error ? err.message : String(err) });
} finally {
  parentPort!.off('message', onCommand);
  sender.close();
}
