import { runLoad } from '../harness/load/run-load.js';
import { acquireTarget } from '../harness/target/acquire-target.js';

export interface ScheduleRow {
  schedule: 'lean' | 'spin';
  rate: number;
  /** Which of the repeated runs at this rate (0-based). */
  repeat: number;
  sendLagP99Us: number;
  hiccupP99Us: number;
  harnessCpuPct: number;
  achievedRate: number;
}

export interface ScheduleSummary {
  schedule: 'lean' | 'spin';
  rate: number;
  runs: number;
  /** Send lag p99 minus hiccup p99 (µs): the median over the runs, and the lowest and highest. */
  lagOverHiccupsUs: { median: number; min: number; max: number };
  harnessCpuPct: { median: number; min: number; max: number };
}

/**
 * The lean schedule beside the spinning one, same server process (own process, rate limit off), same rates,
 * alternating, `repeats` times each, in one run: send lag against the machine's own stalls (the hiccup meter),
 * and harness CPU. One 5 s step's p99 moves by half a millisecond from run to run on a shared VM; the median
 * of a few alternating runs is what a goal can be judged on.
 */
export async function compareSchedules(rates: number[], seconds: number, repeats = 1): Promise<ScheduleRow[]> {
  const target = await acquireTarget({ tokens: [], embedded: { ownProcess: true } });
  const rows: ScheduleRow[] = [];
  try {
    for (const rate of rates) {
      for (let repeat = 0; repeat < repeats; repeat++) {
        for (const schedule of ['spin', 'lean'] as const) {
          const report = await runLoad(target, {
            steps: [{ rate, durationSec: seconds }],
            connections: 4,
            warmupSec: 1,
            workers: 1,
            thresholds: [],
            replyTimeoutMs: 5000,
            connectRate: false,
            schedule,
          });
          const s = report.steps[0];
          rows.push({
            schedule,
            rate,
            repeat,
            sendLagP99Us: s.sendLag.p99,
            hiccupP99Us: s.hiccups.p99,
            harnessCpuPct: s.cpu.harnessPct,
            achievedRate: s.achievedRate,
          });
        }
      }
    }
  } finally {
    await target.close();
  }
  return rows;
}

function spread(values: number[]): { median: number; min: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { median, min: sorted[0], max: sorted[sorted.length - 1] };
}

/** Each rate and schedule over its repeated runs. */
export function summarizeSchedules(rows: ScheduleRow[]): ScheduleSummary[] {
  const keys = [...new Set(rows.map((r) => `${r.rate} ${r.schedule}`))];
  return keys.map((key) => {
    const runs = rows.filter((r) => `${r.rate} ${r.schedule}` === key);
    return {
      schedule: runs[0].schedule,
      rate: runs[0].rate,
      runs: runs.length,
      lagOverHiccupsUs: spread(runs.map((r) => r.sendLagP99Us - r.hiccupP99Us)),
      harnessCpuPct: spread(runs.map((r) => r.harnessCpuPct)),
    };
  });
}
