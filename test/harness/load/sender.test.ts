import { describe, expect, it } from 'vitest';
import { merged, percentiles } from '../../../harness/load/histograms.js';
import { stepReport } from '../../../harness/load/run-load.js';
import { OpenModelSender } from '../../../harness/load/sender.js';
import type { RunningServer } from '../../../harness/server/server.js';
import { useServers } from '../../helpers/server.js';

const servers = useServers();

/** The sender in this process against an in-process server: one short step. */
async function runAgainst(server: RunningServer, rate: number, seconds: number, setup?: (s: OpenModelSender) => void) {
  const sender = new OpenModelSender({
    apiUrl: server.apiUrl,
    tokens: [server.fixture.users[0].token],
    channel: 'C0RANDOM1',
    connections: 2,
    steps: [{ rate, durationSec: seconds }],
    warmupSec: 0,
    replyTimeoutMs: 1500,
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
});
