import { HarnessError } from '../errors.js';

/**
 * k6-style thresholds: `p99<5ms`, `p99.9<20ms`, `max<=1s`, `errors==0`, `missing==0`, `achieved>=99%`.
 * Percentiles are judged on the corrected (due-time) latency of all steps merged; `delivery.p99<20ms`,
 * `delivery.missing==0` (and duplicates, order, late) on a fan-out load's deliveries (--members).
 */
export interface Threshold {
  expr: string;
  metric: string;
  op: '<' | '<=' | '==' | '>=' | '>';
  /** µs for latencies, a count for counters, a fraction for achieved. */
  value: number;
}

export interface ThresholdResult {
  expr: string;
  actual: number;
  ok: boolean;
}

const LATENCY = /^(delivery\.)?(p50|p90|p99|p99\.9|p99\.99|max)$/;
const COUNTERS = [
  'errors',
  'missing',
  'duplicates',
  'unknown',
  'rateLimited',
  'disconnects',
  'reconnects',
  'delivery.missing',
  'delivery.duplicates',
  'delivery.order',
  'delivery.late',
];
const UNIT_US: Record<string, number> = { us: 1, µs: 1, ms: 1000, s: 1_000_000 };

export function parseThreshold(expr: string): Threshold {
  const m = /^\s*([a-zA-Z0-9.]+)\s*(<=|>=|==|<|>)\s*([0-9.]+)\s*(us|µs|ms|s|%)?\s*$/.exec(expr);
  if (!m) throw new Error(`threshold "${expr}": expected METRIC OP VALUE, e.g. p99<5ms or errors==0`);
  const [, metric, op, num, unit] = m;
  const n = Number(num);
  if (!Number.isFinite(n)) throw new Error(`threshold "${expr}": ${num} is not a number`);
  if (LATENCY.test(metric)) {
    if (!unit || unit === '%') throw new Error(`threshold "${expr}": a latency needs a unit (us, ms, s)`);
    return { expr, metric, op: op as Threshold['op'], value: n * UNIT_US[unit] };
  }
  if (metric === 'achieved') {
    if (unit !== '%') throw new Error(`threshold "${expr}": achieved is a percentage, e.g. achieved>=99%`);
    return { expr, metric, op: op as Threshold['op'], value: n / 100 };
  }
  if (COUNTERS.includes(metric)) {
    if (unit) throw new Error(`threshold "${expr}": ${metric} is a count, without a unit`);
    return { expr, metric, op: op as Threshold['op'], value: n };
  }
  throw new Error(
    `threshold "${expr}": unknown metric ${metric} (known: p50 p90 p99 p99.9 p99.99 max achieved ${COUNTERS.join(' ')}, delivery.p99 and the other percentiles)`,
  );
}

export function evaluate(t: Threshold, actual: number): ThresholdResult {
  const ok =
    t.op === '<'
      ? actual < t.value
      : t.op === '<='
        ? actual <= t.value
        : t.op === '=='
          ? actual === t.value
          : t.op === '>='
            ? actual >= t.value
            : actual > t.value;
  return { expr: t.expr, actual, ok };
}

/** Thresholds from a flag or a config key; a bad one is a usage error naming where it came from. */
export function parseThresholds(exprs: readonly string[], where = '--threshold'): Threshold[] {
  try {
    return exprs.map(parseThreshold);
  } catch (err) {
    throw new HarnessError('E_USAGE', `${where}: ${(err as Error).message}`);
  }
}
