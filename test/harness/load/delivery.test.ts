import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeDeliveryText, encodeDeliveryText } from '../../../harness/load/delivery/codec.js';
import { fanOutChannelIds, fanOutFixture } from '../../../harness/load/delivery/fan-out-fixture.js';
import { DeliveryRecorder } from '../../../harness/load/delivery/recorder.js';
import { SeenWindow } from '../../../harness/load/delivery/seen-window.js';
import { combineDelivery, deliveryMetric, deliveryReport } from '../../../harness/load/delivery/report.js';
import { DeliveryTracker, deliveryBarrier } from '../../../harness/load/delivery/tracker.js';
import { monotonicMs } from '../../../harness/load/monotonic.js';
import { merged } from '../../../harness/load/histograms.js';
import { judge } from '../../../harness/load/step-report.js';
import { type Counters, type StepResult, emptyCounters } from '../../../harness/load/sender-types.js';
import { OpenModelSender } from '../../../harness/load/sender.js';
import { parseThreshold } from '../../../harness/load/thresholds.js';
import { type LoadFlags, resolveLoadOptions } from '../../../harness/config/load-options.js';
import type { HarnessError } from '../../../harness/errors.js';
import { runCli } from '../../helpers/cli.js';
import { useServers } from '../../helpers/server.js';

const servers = useServers();
const FAN_OUT = { members: 20, channels: 2 };

/** One in-process sender whose 20 connections are the 20 members, 200 messages over 1 s to 2 channels. */
async function fanOutStep(faults: string[] = []): Promise<StepResult> {
  const server = await servers.start({ fixture: fanOutFixture(FAN_OUT), faults });
  const sender = new OpenModelSender({
    apiUrl: server.apiUrl,
    tokens: server.fixture.users.map((u) => u.token),
    channel: fanOutChannelIds(FAN_OUT)[0],
    connections: FAN_OUT.members,
    steps: [{ rate: 200, durationSec: 1 }],
    warmupSec: 0,
    // Generous: this process is also the server, and a busy machine may hold a delivery well over a second.
    replyTimeoutMs: 5000,
    maxFrameBytes: 1 << 20,
    delivery: { channels: fanOutChannelIds(FAN_OUT), sender: 0, senders: 1, barrier: deliveryBarrier() },
  });
  try {
    await sender.open();
    const [step] = await sender.run();
    return step;
  } finally {
    sender.close();
  }
}

const counters = (sent: number, errorsByCode: Record<string, number> = {}): Counters => ({
  ...emptyCounters(),
  sent,
  acked: sent,
  errorsByCode,
});

describe('load: fan-out delivery', () => {
  it('carries step, sender, sequence and due time in the text, and ignores texts it did not write', () => {
    const stamp = { step: 2, sender: 1, seq: 41, dueUs: 123_456_789, lagUs: 35 };
    expect(decodeDeliveryText(encodeDeliveryText(stamp))).toEqual(stamp);
    for (const text of [
      'load 3',
      'fan 1 2 3 4',
      'fan 1 2 x! 4 5',
      'fan 0 -1 2 3 4',
      'fan 0 1 2.5 3 4',
      'fan 0 1 2 3 4 5',
      'fan 0 1 2 3 zzzzzzzzzzzz',
      'fan 0 1 2 3 4 ',
      42,
      undefined,
    ])
      expect(decodeDeliveryText(text)).toBe(undefined);
  });

  it('records each first receipt per recipient, and counts duplicates, ts order per channel and late ones apart', () => {
    const r = new DeliveryRecorder(1000, 8);
    r.receive('a', 'C1', '1.000001', 0, 1, 2);
    r.receive('b', 'C1', '1.000001', 0, 1, 3); // another recipient: not a duplicate
    r.receive('a', 'C1', '1.000001', 0, 1, 4); // the same again on a: a duplicate, not recorded
    r.receive('a', 'C2', '1.000000', 1, 1, 5); // another sender's sequence 1, another channel with its own order
    r.receive('a', 'C1', '1.000003', 0, 3, 6);
    r.receive('a', 'C1', '1.000002', 0, 2, 7); // behind 1.000003 in C1: out of order, still received
    r.receive('a', 'C1', '1.000009', 0, 9, 1500); // more than the reply timeout after its send: late
    r.receive('a', 'C1', '1.000010', 0, 10, 1500, 600); // 1500 ms after its due time but sent 600 ms late: in time
    const part = r.result();
    expect(part).toMatchObject({ received: 6, duplicates: 1, order: 1, late: 1 });
    const h = merged([part.latency]);
    // 2 to 7 ms and the in-time 1500 ms recorded (from the due time), the late one not: to 3 significant digits.
    expect(h.totalCount).toBe(6);
    expect(Math.abs(h.maxValue - 1_500_000)).toBeLessThanOrEqual(1500);
    h.destroy();
  });

  it("records a step's receipts sent by another thread before this thread began that step, and no other run's", () => {
    const tracker = new DeliveryTracker(
      { channels: ['C1'], sender: 0, senders: 2, barrier: deliveryBarrier() },
      1000,
      1,
    );
    const event = (step: number, seq: number) => ({
      type: 'message',
      channel: 'C1',
      ts: `1.${String(seq).padStart(6, '0')}`,
      text: encodeDeliveryText({ step, sender: 1, seq, dueUs: Math.round(monotonicMs() * 1000), lagUs: 0 }),
    });
    tracker.beginStep(-1); // this thread still warms up while thread 1 has begun step 0
    tracker.receive('m1', event(0, 0), performance.now());
    tracker.receive('m1', event(-1, 1), performance.now()); // a warm-up message: not measured
    tracker.receive('m1', event(1, 2), performance.now()); // a step this run does not have
    tracker.receive('m1', { ...event(0, 3), text: 'load 3' }, performance.now()); // not a fan-out message
    expect(tracker.result(0)).toMatchObject({ received: 1, duplicates: 0, late: 0 });
    expect(tracker.result(1).received).toBe(0);
  });

  it('recognises a duplicate within the latest window of a sender’s sequences, however far the window slid', () => {
    const w = new SeenWindow(16);
    expect([0, 1, 5].map((q) => w.mark(q))).toEqual([true, true, true]);
    expect([1, 5].map((q) => w.mark(q))).toEqual([false, false]);
    expect(w.mark(20)).toBe(true); // the window now covers 5..20: 0 and 1 left it, 5 is still seen
    expect([5, 20, 6, 6].map((q) => w.mark(q))).toEqual([false, false, true, false]);
    expect(w.mark(21 + 16 * 3)).toBe(true); // a jump past the whole window forgets everything before it
    expect([20, 69, 68].map((q) => w.mark(q))).toEqual([true, false, true]);
  });

  it('computes missing from what the sends should have delivered, adds shards, and judges delivery.* thresholds', () => {
    const part = (received: number, duplicates: number) => {
      const r = new DeliveryRecorder(1000);
      for (let k = 0; k < received; k++) r.receive(`m${k % 3}`, 'C1', `1.${String(k).padStart(6, '0')}`, 0, k, 1 + k);
      for (let k = 0; k < duplicates; k++) r.receive(`m${k % 3}`, 'C1', `1.${String(k).padStart(6, '0')}`, 0, k, 1);
      return r.result();
    };
    // 10 sent, 1 refused (ok:false): 9 × (4 members − 1) = 27 expected; 20 received in two threads.
    const d = deliveryReport({ members: 4, channels: 1 }, counters(10, { '-1': 1 }), [part(12, 2), part(8, 0)]);
    expect(d).toMatchObject({ expected: 27, received: 20, missing: 7, duplicates: 2, order: 0 });
    expect(d.latency.count).toBe(20);
    const both = combineDelivery([d, d])!;
    expect(both).toMatchObject({ expected: 54, received: 40, missing: 14, duplicates: 4 });
    expect(both.latency.count).toBe(40);
    const steps = [{ delivery: d }, { delivery: d }];
    expect(deliveryMetric('delivery.missing', steps)).toBe(14);
    expect(deliveryMetric('delivery.max', steps)).toBe(d.latency.max);
    expect(deliveryMetric('delivery.missing', [{}])).toBeNaN();
    const verdicts = judge(
      ['delivery.missing==0', 'delivery.duplicates<=4', 'delivery.p99<1s', 'delivery.p50<1ms'].map(parseThreshold),
      steps.map((s) => ({
        ...s,
        histograms: { corrected: [] },
        counters: counters(10),
        achievedRate: 1,
        targetRate: 1,
      })) as never, // judge reads only histograms, counters, rates and delivery here
    );
    expect(verdicts.map((v) => v.ok)).toEqual([false, true, true, false]);
    expect(() => parseThreshold('delivery.p99<5')).toThrow(/unit/);
    expect(() => parseThreshold('delivery.missing==0ms')).toThrow(/count/);
    expect(() => parseThreshold('delivery.lost==0')).toThrow(/unknown metric/);
  });

  it('matches every member’s receipt against the reference server: 200 messages × 19 members, none missing', async () => {
    const step = await fanOutStep();
    expect(step.counters).toMatchObject({ sent: 200, acked: 200, missing: 0 });
    expect(step.delivery).toMatchObject({ received: 200 * 19, duplicates: 0, order: 0, late: 0 });
    expect(merged([step.delivery!.latency]).totalCount).toBe(200 * 19);
  });

  it('counts the loses-deliveries, duplicates-deliveries and reorders-deliveries faults', async () => {
    // Each member receives 190 messages (its own 10 are not echoed); every 10th is lost, doubled or held back.
    const lost = await fanOutStep(['loses-deliveries']);
    expect(deliveryReport(FAN_OUT, lost.counters, [lost.delivery])).toMatchObject({ missing: 20 * 19, duplicates: 0 });
    const doubled = await fanOutStep(['duplicates-deliveries']);
    expect(deliveryReport(FAN_OUT, doubled.counters, [doubled.delivery])).toMatchObject({
      missing: 0,
      duplicates: 20 * 19,
    });
    const reordered = await fanOutStep(['reorders-deliveries']);
    const r = deliveryReport(FAN_OUT, reordered.counters, [reordered.delivery]);
    expect(r).toMatchObject({ missing: 0, duplicates: 0 });
    // Each held message is overtaken by later ones of its channel, but for a member's last few (nothing after them).
    expect(r.order).toBeGreaterThanOrEqual(20 * 15);
    expect(r.order).toBeLessThanOrEqual(20 * 19);
  });

  it('CLI: --members runs a fan-out load whose lost deliveries break delivery.missing==0 (exit 1), reported everywhere', async () => {
    const out = mkdtempSync(join(tmpdir(), 'rtmc-fanout-'));
    const run = await runCli([
      'load',
      ...['--members', '20', '--channels', '2', '--rate', '200', '--duration', '1', '--warmup', '0'],
      ...['--fault', 'loses-deliveries', '--threshold', 'delivery.missing==0', '--threshold', 'delivery.p99<2s'],
      ...['--out', out],
    ]);
    expect(run.code, run.stderr).toBe(1);
    expect(run.stdout).toMatch(/delivery to 19 members × 2 channel\(s\)/);
    expect(run.stdout).toContain('deliveries: expected 3800 · received 3420 · missing 380 · duplicates 0');
    expect(run.stdout).toMatch(/threshold delivery\.missing==0: BROKEN \(actual 380\)/);
    expect(run.stdout).toMatch(/threshold delivery\.p99<2s: ok/);
    const report = JSON.parse(readFileSync(join(out, 'load.json'), 'utf8'));
    expect(report.config.fanOut).toEqual(FAN_OUT);
    expect(report.steps[0].delivery).toMatchObject({ expected: 3800, missing: 380 });
    expect(readFileSync(join(out, 'junit.xml'), 'utf8')).toContain('name="step1.delivery.missing" value="380"');
    expect(readFileSync(join(out, 'index.html'), 'utf8')).toContain('Delivery to 19 members');
    for (const token of fanOutFixture(FAN_OUT).users.map((u) => u.token)) expect(run.stdout).not.toContain(token);
  });

  it('refuses --members against --api, beside another --connections, and delivery.* thresholds without it (usage errors)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rtmc-fanout-flags-'));
    const usage = (flags: LoadFlags) => {
      try {
        resolveLoadOptions(flags, {}, dir);
      } catch (err) {
        return `${(err as HarnessError).code}: ${(err as Error).message}`;
      }
      return 'accepted';
    };
    expect(usage({ members: 10, api: 'http://127.0.0.1:9/api/', token: ['x'] })).toMatch(
      /^E_USAGE: --members: .*drop --api$/,
    );
    expect(usage({ members: 10, connections: 4 })).toMatch(/^E_USAGE: --connections 4: with --members/);
    expect(usage({ channels: 3 })).toMatch(/^E_USAGE: --channels: .*add --members$/);
    expect(usage({ threshold: ['delivery.missing==0'] })).toMatch(/^E_USAGE: .*add --members$/);
    // A shard of a fan-out load has all the members (its own embedded server) and its share of the rate.
    const shard = resolveLoadOptions({ members: 10, shard: '2/5', rate: 100 }, {}, dir).load;
    expect([shard.connections, shard.steps[0].rate]).toEqual([10, 20]);
    const { load, target } = resolveLoadOptions(
      { members: 10, channels: 3, threshold: ['delivery.missing==0'] },
      {},
      tmpdir(),
    );
    expect([load.connections, load.fanOut, target.embedded?.fanOut]).toEqual([
      10,
      { members: 10, channels: 3 },
      { members: 10, channels: 3 },
    ]);
  });
});
