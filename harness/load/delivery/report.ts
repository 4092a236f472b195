import { type Percentiles, percentilesOf } from '../histograms.js';
import type { Counters } from '../sender-types.js';
import type { FanOut } from './fan-out-fixture.js';
import type { DeliveryPart } from './recorder.js';

/** What load.json holds of a fan-out step's deliveries. */
export interface DeliveryReport {
  members: number;
  channels: number;
  /** Messages the server took (sent, less those answered ok:false) × the members each should reach. */
  expected: number;
  received: number;
  /** Expected but never received within the reply timeout (late ones included). */
  missing: number;
  duplicates: number;
  /** Receipts whose ts came before one the same member had already seen in that channel. */
  order: number;
  late: number;
  /** Per recipient, from the message's due time (µs). */
  latency: Percentiles;
  /** Encoded, so that merge and report work from load.json alone. */
  histograms: string[];
}

/** Every sender thread's receipts of one step, against what the step's sends should have delivered. */
export function deliveryReport(
  fanOut: FanOut,
  counters: Counters,
  parts: (DeliveryPart | undefined)[],
): DeliveryReport {
  const errors = Object.values(counters.errorsByCode).reduce((a, b) => a + b, 0);
  const expected = Math.max(0, counters.sent - errors) * (fanOut.members - 1);
  const present = parts.filter((p): p is DeliveryPart => p !== undefined);
  const sum = (k: 'received' | 'duplicates' | 'order' | 'late') => present.reduce((a, p) => a + p[k], 0);
  const histograms = present.map((p) => p.latency);
  const received = sum('received');
  return {
    members: fanOut.members,
    channels: fanOut.channels,
    expected,
    received,
    missing: Math.max(0, expected - received),
    duplicates: sum('duplicates'),
    order: sum('order'),
    late: sum('late'),
    latency: percentilesOf(histograms),
    histograms,
  };
}

/** One step of several shards as one (each shard has its own server and members): counts summed, histograms added. */
export function combineDelivery(parts: (DeliveryReport | undefined)[]): DeliveryReport | undefined {
  const present = parts.filter((p): p is DeliveryReport => p !== undefined);
  if (present.length === 0) return undefined;
  const sum = (k: 'expected' | 'received' | 'missing' | 'duplicates' | 'order' | 'late') =>
    present.reduce((a, p) => a + p[k], 0);
  const histograms = present.flatMap((p) => p.histograms);
  return {
    ...present[0],
    expected: sum('expected'),
    received: sum('received'),
    missing: sum('missing'),
    duplicates: sum('duplicates'),
    order: sum('order'),
    late: sum('late'),
    latency: percentilesOf(histograms),
    histograms,
  };
}

/**
 * A `delivery.*` threshold's actual value over the whole run: latency percentiles of all steps' histograms added,
 * counts summed. NaN (every comparison fails) when the run measured no deliveries.
 */
export function deliveryMetric(metric: string, steps: readonly { delivery?: DeliveryReport }[]): number {
  const reports = steps.map((s) => s.delivery).filter((d): d is DeliveryReport => d !== undefined);
  if (reports.length === 0) return Number.NaN;
  const name = metric.slice('delivery.'.length);
  if (name === 'missing' || name === 'duplicates' || name === 'order' || name === 'late')
    return reports.reduce((a, d) => a + d[name], 0);
  return percentilesOf(reports.flatMap((d) => d.histograms))[name as keyof Percentiles];
}
