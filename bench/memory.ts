import { runLoad } from '../harness/load/run-load.js';

/** RSS of the harness process before and after a long load run at a steady rate (should stay flat). */
export async function memoryOverRun(rate: number, seconds: number): Promise<{ rssStartMb: number; rssEndMb: number; heapStartMb: number; heapEndMb: number; sent: number }> {
  const mb = (n: number) => Math.round((n / 1024 / 1024) * 10) / 10;
  let start: NodeJS.MemoryUsage | undefined;
  let end: NodeJS.MemoryUsage | undefined;
  const report = await runLoad(
    { tokens: [], steps: [{ rate, durationSec: seconds }], connections: 4, warmupSec: 1, workers: 1, thresholds: [], replyTimeoutMs: 5000, faults: [], connectRate: false },
    (p) => {
      if (p.elapsedSec === 5) start = process.memoryUsage();
      if (p.elapsedSec === seconds) end = process.memoryUsage();
    },
  );
  start ??= process.memoryUsage();
  end ??= process.memoryUsage();
  return { rssStartMb: mb(start.rss), rssEndMb: mb(end.rss), heapStartMb: mb(start.heapUsed), heapEndMb: mb(end.heapUsed), sent: report.steps[0].counters.sent };
}
