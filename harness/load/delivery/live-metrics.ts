import { Counter, Gauge, type Registry } from 'prom-client';
import { hdr, newHistogram } from '../histograms.js';
import type { DeliveryCounts, DeliveryPart } from './recorder.js';

const QUANTILES = [0.5, 0.9, 0.99, 0.999, 1];
const COUNTED: [keyof DeliveryCounts, string, string][] = [
  ['received', 'deliveries', 'message events received by a member, first time, within the reply timeout'],
  ['duplicates', 'delivery_duplicates', 'a message received again by the same member'],
  ['order', 'delivery_order_violations', 'a message whose ts sorts before one the member already saw in that channel'],
  ['late', 'delivery_late', 'first receipts after the reply timeout'],
];

/**
 * A fan-out load's deliveries as Prometheus metrics (--metrics, beside LoadMetrics): counters over the run and
 * latency quantiles (µs, per recipient from the due time) of the step so far. Each sender thread reports its
 * members' receipts of the step so far once a second; counters grow by the differences. Missing deliveries are
 * known only when the step has ended (every thread's last send), so they are in load.json, not here.
 */
export class DeliveryMetrics {
  private step = -1;
  /** Each thread's latest report of the current step. */
  private readonly latest = new Map<number, DeliveryPart>();
  private readonly counters = new Map<keyof DeliveryCounts, Counter>();

  constructor(registry: Registry) {
    const registers = [registry];
    for (const [key, name, help] of COUNTED)
      this.counters.set(
        key,
        new Counter({ name: `rtm_load_${name}_total`, help: `load, fan-out: ${help}`, registers }),
      );
    const latency: Gauge = new Gauge({
      name: 'rtm_load_delivery_latency_microseconds',
      help: 'load, fan-out: delivery latency quantiles per recipient from the due time, over the step so far',
      labelNames: ['quantile'],
      registers,
      collect: () => {
        const h = this.merged();
        latency.reset();
        if (h.totalCount > 0)
          for (const q of QUANTILES) latency.set({ quantile: String(q) }, h.getValueAtPercentile(q * 100));
        h.destroy();
      },
    });
  }

  /** Thread `worker`'s deliveries of `step` so far. */
  update(worker: number, step: number, part: DeliveryPart): void {
    if (step < this.step) return;
    if (step > this.step) {
      this.step = step;
      this.latest.clear();
    }
    const before = this.latest.get(worker);
    for (const [key] of COUNTED) {
      const delta = part[key] - (before?.[key] ?? 0);
      if (delta > 0) this.counters.get(key)!.inc(delta);
    }
    this.latest.set(worker, part);
  }

  private merged() {
    const h = newHistogram();
    for (const part of this.latest.values()) {
      const one = hdr.decodeFromCompressedBase64(part.latency);
      h.add(one);
      one.destroy();
    }
    return h;
  }
}
