import { describe, expect, it } from 'vitest';
import { encode, merged, newHistogram, percentiles, recordMs } from '../../../harness/load/histograms.js';
import { generatorAdvice, judge, stepReport } from '../../../harness/load/step-report.js';
import { parseThreshold } from '../../../harness/load/thresholds.js';
import { OpenModelSender } from '../../../harness/load/sender.js';
import type { RunningServer } from '../../../harness/server/server.js';
import { useServers } from '../../helpers/server.js';

const servers = useServers();

/** The sender in this process against an in-process server: one short step. */
async function runAgainst(
  server: RunningServer,
  rate: number,
  seconds: number,
  setup?: (s: OpenModelSender) => void,
  replyTimeoutMs = 1500,
) {
  const sender = new OpenModelSender({
    apiUrl: server.apiUrl,
    tokens: [server.fixture.users[0].token],
    channel: 'C0RANDOM1',
    connections: 2,
    steps: [{ rate, durationSec: seconds }],
    warmupSec: 0,
    replyTimeoutMs,
    maxFrameBytes: 1 << 20,
  });
  try {
    await sender.open();
    setup?.(sender);
    const [step] = await sender.run();
    return step;
  } finally {
    sender.close();
  }
}

describe('load: the open-model sender', () => {
  it('matches every ack by reply_to when acks come out of order', async () => {
    const step = await runAgainst(await servers.start({ faults: ['reorder-acks'] }), 500, 1);
    expect(step.counters).toMatchObject({ sent: 500, acked: 500, missing: 0, duplicates: 0, unknown: 0 });
    expect(merged([step.corrected]).totalCount).toBe(500);
  });

  it('counts missing acks (drop-ack), duplicates (duplicate-ack) and misnamed ids (wrong-reply-to)', async () => {
    const dropped = await runAgainst(await servers.start({ faults: ['drop-ack'] }), 700, 1);
    expect(dropped.counters.missing).toBe(100); // every 7th of 350 per connection, two connections
    const doubled = await runAgainst(await servers.start({ faults: ['duplicate-ack'] }), 500, 1);
    expect(doubled.counters.duplicates).toBe(100);
    expect(doubled.counters.missing).toBe(0);
    const wrong = await runAgainst(await servers.start({ faults: ['wrong-reply-to'] }), 400, 1);
    // Every 4th ack names id + 1: that id's own ack then comes second (a duplicate), its own id goes missing.
    expect(wrong.counters.missing).toBe(100);
    expect(wrong.counters.duplicates + wrong.counters.unknown).toBe(100);
  });

  it('ends its run when closed in the middle of a step, for either schedule', async () => {
    const server = await servers.start();
    for (const schedule of ['lean', 'spin'] as const) {
      const sender = new OpenModelSender({
        apiUrl: server.apiUrl,
        tokens: [server.fixture.users[0].token],
        channel: 'C0RANDOM1',
        connections: 2,
        steps: [{ rate: 200, durationSec: 60 }],
        warmupSec: 0,
        replyTimeoutMs: 1500,
        maxFrameBytes: 1 << 20,
        schedule,
      });
      await sender.open();
      const running = sender.run();
      await new Promise((r) => setTimeout(r, 300));
      sender.close();
      const [step] = await running;
      const { sent, unsent } = step.counters;
      expect(sent, schedule).toBeGreaterThan(0);
      // Ended mid-step: far fewer than the step's 12 000 messages went out (the close came at ~0.3 s of 60 s).
      expect(sent + unsent, schedule).toBeLessThan(200 * 60);
      // Until the close it kept to the schedule: message i is due at i/rate, so by its last send (sendingSec into
      // the step) it had sent (or, after the close, counted unsent) rate × sendingSec + 1 of them, give or take
      // the turn that sent them. A sender ahead of or behind the rate (or sending as fast as it can) misses this.
      const dueByLastSend = 200 * step.sendingSec + 1;
      expect(
        Math.abs(sent + unsent - dueByLastSend),
        `${schedule}: ${sent} sent + ${unsent} unsent in ${step.sendingSec} s at 200/s`,
      ).toBeLessThanOrEqual(Math.max(3, 0.05 * dueByLastSend));
    }
  });

  it('counts ok:false replies by error code and rate-limit replies', async () => {
    const server = await servers.start({ rateLimit: { perSecond: 100, burst: 10, disconnectAfter: 1e9 } });
    const step = await runAgainst(server, 600, 1);
    expect(step.counters.rateLimited).toBeGreaterThan(0);
    expect(step.counters.errorsByCode['-1']).toBe(step.counters.rateLimited);
  });

  it('says the generator fell behind when its thread is starved, and keeps the corrected latency honest', async () => {
    const server = await servers.start();
    let stalls = 0;
    const step = await runAgainst(server, 1000, 1, () => {
      // Starve the sender: block its thread for 30 ms every 100 ms.
      const timer = setInterval(() => {
        const until = performance.now() + 30;
        while (performance.now() < until);
        stalls += 1;
        if (stalls >= 8) clearInterval(timer);
      }, 100);
    });
    const report = stepReport({ rate: 1000, durationSec: 1 }, [step], 0, null);
    expect(report.generatorBehind).toBe(true);
    expect(report.advice.join(' ')).toMatch(/send lag p99/);
    // Corrected latency includes the stalls the raw one hides.
    expect(report.corrected.p99).toBeGreaterThan(report.raw.p99);
    expect(percentiles(merged([step.sendLag])).p99).toBeGreaterThan(1000);
  });

  it('computes the achieved rate over the time the sending really took, so a late generator fails achieved>=99%', async () => {
    const server = await servers.start();
    const step = await runAgainst(server, 1000, 1, () => {
      // Block the sender's thread from 900 ms to 1030 ms: the last messages go out 130 ms late.
      setTimeout(() => {
        const until = performance.now() + 130;
        while (performance.now() < until);
      }, 900);
    });
    expect(step.sendingSec).toBeGreaterThan(1.02);
    const report = stepReport({ rate: 1000, durationSec: 1 }, [step], 0, null);
    // Every message was sent eventually: over the nominal second the rate would read 100 %.
    expect(step.counters.sent + step.counters.unsent).toBe(1000);
    expect(report.achievedRate).toBeLessThan(990);
    const [achieved] = judge([parseThreshold('achieved>=99%')], [report]);
    expect(achieved.ok).toBe(false);
    expect(report.advice.join(' ')).toMatch(/over the time the sending took/);
  });

  it("does not blame the generator for send lag the machine's own stalls explain, and says which finding it made", () => {
    const hist = (ms: number[]) => {
      const h = newHistogram();
      for (const v of ms) recordMs(h, v);
      const p = percentiles(h);
      const e = encode(h);
      h.destroy();
      return { p, e };
    };
    const lag = hist([...Array(98).fill(0.01), 1.9, 1.9]).p;
    const stalls = hist([...Array(98).fill(0.05), 1.8, 1.8]).p;
    const step = { rate: 1000, durationSec: 10 };
    expect(generatorAdvice(step, lag, stalls, 1000, 0)).toEqual([]);
    const quiet = hist(Array(100).fill(0.05)).p;
    expect(generatorAdvice(step, lag, quiet, 1000, 0).join(' ')).toMatch(
      /send lag p99 1\.9\d ms is 1\.\d\d ms over the machine's own stalls/,
    );
    expect(generatorAdvice(step, quiet, quiet, 900, 3).join(' ')).toMatch(/sent 900\/s of 1000\/s .* 3 unsent/);
  });

  it('counts late acks, disconnects, reconnects and the messages due while a connection was down', async () => {
    const late = await runAgainst(await servers.start({ faults: ['slow-acks'] }), 500, 3, undefined, 200);
    expect(late.counters.late).toBeGreaterThan(0);
    expect(late.counters.missing).toBeGreaterThanOrEqual(late.counters.late);
    const dropped = await runAgainst(await servers.start({ faults: ['drops-connections'] }), 1000, 2);
    expect(dropped.counters.disconnects).toBeGreaterThan(0);
    expect(dropped.counters.reconnects).toBeGreaterThan(0);
    expect(dropped.counters.unsent).toBeGreaterThan(0);
    expect(dropped.counters.sent + dropped.counters.unsent).toBe(2000);
  });
});
