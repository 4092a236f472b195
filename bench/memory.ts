import { runLoad } from '../harness/load/run-load.js';
import { acquireTarget } from '../harness/target/acquire-target.js';

export interface MemoryFigures {
  rate: number;
  seconds: number;
  sent: number;
  harnessRssStartMb: number;
  harnessRssEndMb: number;
  serverRssStartMb: number | null;
  serverRssEndMb: number | null;
}

/** RSS of the harness and of the reference server process at the start and the end of a long steady run. */
export async function memoryOverRun(rate: number, seconds: number): Promise<MemoryFigures> {
  const target = await acquireTarget({ tokens: [], embedded: { ownProcess: true } });
  const report = await runLoad(target, {
    steps: [{ rate, durationSec: seconds }],
    connections: 4,
    warmupSec: 1,
    workers: 1,
    thresholds: [],
    replyTimeoutMs: 5000,
    connectRate: false,
  }).finally(() => target.close());
  return { rate, seconds, sent: report.steps[0].counters.sent, ...report.resources };
}
