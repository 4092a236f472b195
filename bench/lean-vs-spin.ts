import { runLoad } from '../harness/load/run-load.js';
import { acquireTarget } from '../harness/target/acquire-target.js';

export interface ScheduleRow {
  schedule: 'lean' | 'spin';
  rate: number;
  sendLagP99Us: number;
  hiccupP99Us: number;
  harnessCpuPct: number;
  achievedRate: number;
}

/**
 * The lean schedule beside the spinning one, same server process (own process, rate limit off), same rates,
 * alternating, in one run: send lag against the machine's own stalls (the hiccup meter), and harness CPU.
 */
export async function compareSchedules(rates: number[], seconds: number): Promise<ScheduleRow[]> {
  const target = await acquireTarget({ tokens: [], embedded: { ownProcess: true } });
  const rows: ScheduleRow[] = [];
  try {
    for (const rate of rates) {
      for (const schedule of ['spin', 'lean'] as const) {
        const report = await runLoad(target, { steps: [{ rate, durationSec: seconds }], connections: 4, warmupSec: 1, workers: 1, thresholds: [], replyTimeoutMs: 5000, connectRate: false, schedule });
        const s = report.steps[0];
        rows.push({ schedule, rate, sendLagP99Us: s.sendLag.p99, hiccupP99Us: s.hiccups.p99, harnessCpuPct: s.cpu.harnessPct, achievedRate: s.achievedRate });
      }
    }
  } finally {
    await target.close();
  }
  return rows;
}
