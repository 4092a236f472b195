import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { encode, newHistogram, recordMs } from '../../../harness/load/histograms.js';
import { LoadMetrics, type WorkerProgress } from '../../../harness/load/metrics-server.js';
import { emptyCounters } from '../../../harness/load/sender-types.js';
import { CLI_COMMAND, runCli } from '../../helpers/cli.js';

/** A metric's value in a Prometheus text page (NaN when absent). */
function value(page: string, series: string): number {
  const line = page.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : Number.NaN;
}

describe('load --metrics', () => {
  it('serves the running step in the Prometheus text format: counters that grow, latency quantiles, connections, deliveries', {
    timeout: 60_000,
  }, async () => {
    const out = mkdtempSync(join(tmpdir(), 'rtmc-metrics-'));
    // A fan-out load of 3 members (one connection each): every message is also delivered to the 2 others.
    const args = ['load', '--rate', '400', '--duration', '3', '--warmup', '0', '--members', '3'];
    const child = spawn(CLI_COMMAND[0], [...CLI_COMMAND.slice(1), ...args, '--metrics', '127.0.0.1:0', '--out', out], {
      env: { ...process.env, CI: 'true', RTM_TOKEN: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    let stdout = '';
    child.stdout.on('data', (d) => (stdout += d));
    const kill = setTimeout(() => child.kill('SIGKILL'), 55_000);
    // Scrape every 250 ms while the run lasts; keep the pages that saw messages sent.
    const pages: string[] = [];
    let running = true;
    void exited.then(() => (running = false));
    while (running) {
      await new Promise((r) => setTimeout(r, 250));
      const url = /metrics: (http:\/\/\S+)/.exec(stdout)?.[1];
      if (!url) continue;
      const page = await fetch(url).then(
        (r) => (r.headers.get('content-type')?.startsWith('text/plain') ? r.text() : ''),
        () => '',
      );
      if (value(page, 'rtm_load_messages_sent_total') > 0) pages.push(page);
    }
    clearTimeout(kill);
    expect(await exited, stdout).toBe(0);
    expect(pages.length, 'scrapes that saw messages sent').toBeGreaterThanOrEqual(2);
    const sent = pages.map((p) => value(p, 'rtm_load_messages_sent_total'));
    const acked = pages.map((p) => value(p, 'rtm_load_acks_total'));
    // Counters only grow, and did grow while the step ran; never past the step's 1 200 messages.
    for (let k = 1; k < sent.length; k++) expect(sent[k]).toBeGreaterThanOrEqual(sent[k - 1]);
    expect(sent.at(-1)).toBeGreaterThan(sent[0]);
    expect(Math.max(...sent, ...acked)).toBeLessThanOrEqual(1200);
    const last = pages.at(-1)!;
    for (const latency of ['corrected', 'raw'])
      for (const window of ['step', 'second']) {
        const p50 = value(
          last,
          `rtm_load_latency_microseconds{latency="${latency}",window="${window}",quantile="0.5"}`,
        );
        const p99 = value(
          last,
          `rtm_load_latency_microseconds{latency="${latency}",window="${window}",quantile="0.99"}`,
        );
        expect(p50, `${latency} ${window}`).toBeGreaterThan(0);
        expect(p99, `${latency} ${window}`).toBeGreaterThanOrEqual(p50);
      }
    expect(value(last, 'rtm_load_latency_samples{latency="corrected",window="step"}')).toBe(
      value(last, 'rtm_load_acks_total'),
    );
    expect(value(last, 'rtm_load_connections{state="configured"}')).toBe(3);
    expect(value(last, 'rtm_load_connections{state="open"}')).toBe(3);
    // Deliveries grow with the sends (2 recipients each, never more), with their latency quantiles.
    const delivered = pages.map((p) => value(p, 'rtm_load_deliveries_total'));
    expect(delivered.at(-1)).toBeGreaterThan(0);
    expect(delivered.at(-1)).toBeLessThanOrEqual(2 * sent.at(-1)!);
    const d50 = value(last, 'rtm_load_delivery_latency_microseconds{quantile="0.5"}');
    expect(d50).toBeGreaterThan(0);
    expect(value(last, 'rtm_load_delivery_latency_microseconds{quantile="0.99"}')).toBeGreaterThanOrEqual(d50);
    expect(value(last, 'rtm_load_step')).toBe(1);
  });

  it('sums sender threads whose steps end apart, each counted once, and keeps latency by step', async () => {
    const metrics = new LoadMetrics(2, 4);
    const zero = emptyCounters();
    const second = (ms: number[]) => {
      const h = newHistogram();
      for (const v of ms) recordMs(h, v);
      return { t: 1, sent: ms.length, acked: ms.length, corrected: encode(h), raw: encode(h) };
    };
    const progress = (worker: number, step: number, sent: number, interval = second([])): WorkerProgress => ({
      ...{ worker, step, totalSteps: 2, elapsedSec: 1, sent, acked: sent, errors: 0, correctedP99Us: 0 },
      counters: { ...zero, sent, acked: sent, errorsByCode: sent > 5 ? { '-1': sent - 5 } : {} },
      interval,
    });
    metrics.update(progress(0, 0, 4, second([1, 1, 1, 1])));
    metrics.update(progress(0, 0, 10, second([2, 2, 2, 2, 2, 2])));
    metrics.update(progress(1, 0, 5));
    metrics.update(progress(0, 1, 3, second([9, 9, 9])));
    // Worker 1's last second of step 1 comes after worker 0 began step 2.
    metrics.update(progress(1, 0, 8, second([5])));
    const page = await metrics.registry.metrics();
    expect(value(page, 'rtm_load_messages_sent_total')).toBe(10 + 8 + 3);
    expect(value(page, 'rtm_load_error_replies_total{code="-1"}')).toBe(5 + 3);
    expect(value(page, 'rtm_load_step')).toBe(2);
    expect(value(page, 'rtm_load_latency_samples{latency="corrected",window="step"}')).toBe(3);
    // Only step 2's 9 ms acks (to the histogram's 3 significant digits), not step 1's late second.
    const p50 = value(page, 'rtm_load_latency_microseconds{latency="corrected",window="step",quantile="0.5"}');
    expect(Math.abs(p50 - 9000)).toBeLessThanOrEqual(9);
  });

  it("counts deliveries by the differences of each thread's step so far, and shows the idle connections held", async () => {
    const metrics = new LoadMetrics(2, 10);
    const part = (received: number, duplicates: number, ms: number[]) => {
      const h = newHistogram();
      for (const v of ms) recordMs(h, v);
      return { received, duplicates, order: 0, late: 0, latency: encode(h) };
    };
    const progress = (worker: number, step: number, delivery: ReturnType<typeof part>, idleHeld?: number) =>
      ({
        ...{ worker, step, totalSteps: 2, elapsedSec: 1, sent: 0, acked: 0, errors: 0, correctedP99Us: 0 },
        delivery,
        idleHeld,
      }) satisfies WorkerProgress;
    metrics.update(progress(0, 0, part(4, 0, [1, 1, 1, 1]), 6));
    metrics.update(progress(0, 0, part(10, 1, [2, 2, 2, 2, 2, 2, 2, 2, 2, 2]), 7));
    metrics.update(progress(1, 0, part(5, 0, [3, 3, 3, 3, 3])));
    metrics.update(progress(0, 1, part(2, 0, [8, 8])));
    // Worker 1's late report of step 1 after step 2 began: not counted again, not in step 2's latency.
    metrics.update(progress(1, 0, part(6, 0, [3])));
    const page = await metrics.registry.metrics();
    expect(value(page, 'rtm_load_deliveries_total')).toBe(10 + 5 + 2);
    expect(value(page, 'rtm_load_delivery_duplicates_total')).toBe(1);
    const p50 = value(page, 'rtm_load_delivery_latency_microseconds{quantile="0.5"}');
    expect(Math.abs(p50 - 8000)).toBeLessThanOrEqual(8);
    expect(value(page, 'rtm_load_connections{state="idle"}')).toBe(7);
    expect(value(page, 'rtm_load_connections{state="configured"}')).toBe(10);
  });

  it('refuses a host off the loopback without --allow-remote, and an address that is not HOST:PORT: one line, exit 2', async () => {
    const remote = await runCli(['load', '--metrics', '0.0.0.0:9464']);
    expect(remote.code).toBe(2);
    expect(remote.stderr.trim().split('\n')).toHaveLength(1);
    expect(remote.stderr).toMatch(/--metrics 0\.0\.0\.0 is off the loopback: add --allow-remote/);
    const bad = await runCli(['load', '--metrics', '9464']);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim()).toMatch(/^rtm-conformance: --metrics: expected HOST:PORT/);
  });
});
