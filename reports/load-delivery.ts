import type { DeliveryReport } from '../harness/load/delivery/report.js';
import type { LoadReport } from '../harness/load/run-load.js';
import { xml } from './junit.js';
import { msOf } from './reporter.js';

/** A fan-out step's deliveries for the console, beside the ack latency. */
export function deliveryLines(d: DeliveryReport): string[] {
  const p = d.latency;
  return [
    `  delivery to ${d.members - 1} members × ${d.channels} channel(s), per recipient from due time, ms: p50 ${msOf(p.p50)}  p90 ${msOf(p.p90)}  p99 ${msOf(p.p99)}  p99.9 ${msOf(p['p99.9'])}  max ${msOf(p.max)}`,
    `  deliveries: expected ${d.expected} · received ${d.received} · missing ${d.missing} · duplicates ${d.duplicates} · ts order violations ${d.order} · late ${d.late}`,
  ];
}

/** junit.xml's `<properties>` for a fan-out run: each step's delivery figures (µs and counts), for CI dashboards. */
export function deliveryProperties(report: LoadReport): string[] {
  // Reports written before fan-out loads (and minimal ones) may lack steps: no properties then.
  const props = (report.steps ?? []).flatMap((s, n) => {
    const d = s.delivery;
    if (!d) return [];
    const figures: [string, number][] = [
      ['p50_us', d.latency.p50],
      ['p99_us', d.latency.p99],
      ['max_us', d.latency.max],
      ['expected', d.expected],
      ['received', d.received],
      ['missing', d.missing],
      ['duplicates', d.duplicates],
      ['order', d.order],
    ];
    return figures.map(([k, v]) => `      <property name="${xml(`step${n + 1}.delivery.${k}`)}" value="${v}"/>`);
  });
  return props.length ? ['    <properties>', ...props, '    </properties>'] : [];
}
