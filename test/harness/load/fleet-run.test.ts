import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { type LoadFlags, resolveLoadOptions } from '../../../harness/config/load-options.js';
import { parseFleetEvent } from '../../../harness/load/fleet/fleet-events.js';
import { type FleetReport, stormReport } from '../../../harness/load/fleet/fleet-report.js';
import { fileLimitAdvice } from '../../../harness/load/fleet/fd-limit.js';
import { emptyFleetCounts } from '../../../harness/load/fleet/fleet-types.js';
import { mergeFleets } from '../../../harness/load/fleet/merge-fleets.js';
import { percentilesOf } from '../../../harness/load/histograms.js';
import { runLoad } from '../../../harness/load/run-load.js';
import { acquireTarget } from '../../../harness/target/acquire-target.js';

const resolve = (flags: LoadFlags) => resolveLoadOptions(flags, {}, tmpdir());
const usageOf = (flags: LoadFlags) => {
  try {
    resolve(flags);
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('expected a usage error');
};

describe('load: idle connections and events, the flags', () => {
  it('keeps --connections as senders up to 10 000, and asks for --senders past it', () => {
    expect(resolve({ connections: 50 }).load).toMatchObject({ connections: 50 });
    expect(resolve({ connections: 50 }).load.fleet).toBeUndefined();
    expect(usageOf({ connections: 19_000 })).toMatch(
      /^--connections 19000: at most 10000 connections send; give --senders S/,
    );
    const { load } = resolve({ connections: 19_000, senders: 4, connectRate: '800/s', pingInterval: 10 });
    expect(load.connections).toBe(4);
    expect(load.fleet).toMatchObject({ connections: 18_996, connectRatePerSec: 800, pingIntervalSec: 10, events: [] });
  });

  it('shares senders and idle connections between shards', () => {
    const { load } = resolve({ connections: 30_000, senders: 8, shard: '2/2', rate: 100 });
    expect(load.connections).toBe(4);
    expect(load.fleet?.connections).toBe(14_996);
    expect(load.steps[0].rate).toBe(50);
  });

  it('refuses events it cannot run, in one line naming the flag', () => {
    expect(usageOf({ connections: 10, at: ['1s:goodbye'] })).toBe(
      '--at 1s:goodbye: needs idle connections (--connections above --senders)',
    );
    expect(usageOf({ connections: 10, senders: 2, duration: 5, at: ['9s:goodbye'] })).toBe(
      '--at 9s:goodbye: after the steps end (5 s in all)',
    );
    expect(usageOf({ connections: 10, senders: 2, at: ['1s:fault=duplicate-ack'] })).toMatch(
      /^--at 1s:fault=duplicate-ack: unknown fault/,
    );
    expect(usageOf({ connections: 10, senders: 2, at: ['1s:explode'] })).toMatch(/^--at 1s:explode: unknown event/);
    expect(usageOf({ connections: 10, senders: 2, connectRate: 'fast' })).toMatch(/^--connect-rate: expected R\/s/);
    expect(parseFleetEvent('1500ms:drop=25%', () => false)).toMatchObject({ atMs: 1500, kind: 'drop', fraction: 0.25 });
  });

  it('says a storm never reached 100 % when a dropped connection never came back', () => {
    const storm = stormReport('1s:drop=100%', 1, [{ id: 1, down: 4, backMs: [10, 20, 30] }], []);
    expect(storm.reconnectedMs).toEqual({ p50: 20, p90: null, p100: null });
    expect(stormReport('e', 1, [{ id: 1, down: 4, backMs: [10, 20, 30, 40] }], []).reconnectedMs.p100).toBe(40);
  });
});

describe('load: idle connections against the reference server process', () => {
  it('holds the fleet beside the senders, the server counting every connection, and marks goodbye and drop storms', async () => {
    const target = await acquireTarget({ tokens: [], embedded: { ownProcess: true } });
    try {
      const report = await runLoad(target, {
        steps: [{ rate: 50, durationSec: 4 }],
        connections: 2,
        warmupSec: 0,
        workers: 1,
        thresholds: [],
        replyTimeoutMs: 2000,
        connectRate: false,
        fleet: {
          connections: 200,
          connectRatePerSec: 2000,
          pingIntervalSec: 1,
          events: ['300ms:goodbye', '1800ms:server-drop', '3s:drop=100%'].map((e) => parseFleetEvent(e, () => false)),
        },
      });
      const f = report.fleet!;
      expect(report.config).toMatchObject({ connections: 202, senders: 2 });
      expect(f.heldAtSteps).toBe(200);
      // Opened before the senders: the server's own count is the fleet's.
      expect(f.serverConnections).toBe(200);
      expect(f.counts.pongs).toBeGreaterThan(0);
      expect(f.memory.serverKbPerConnection).not.toBeNull();
      const [goodbye, serverDrop, drop] = f.storms;
      expect(goodbye).toMatchObject({ event: '300ms:goodbye', down: 200, back: 200 });
      expect(goodbye.reconnectedMs.p100).not.toBeNull();
      expect(goodbye.peakRtmConnectPerSec).toBeGreaterThan(0);
      expect(serverDrop).toMatchObject({ event: '1800ms:server-drop', down: 200, back: 200 });
      expect(f.counts.lost).toBe(200);
      expect(drop).toMatchObject({ event: '3s:drop=100%', down: 200, back: 200 });
      expect(f.counts.goodbyes).toBe(200);
      // The senders' connections got goodbye, were dropped by the server, then by the harness: each time they
      // reconnected within the step.
      expect(drop.acks).toMatchObject({ step: 0, disconnects: 6, reconnects: 6 });
      const events = f.timeline.flatMap((s) => s.events ?? []);
      expect(events).toEqual(['steps', '300ms:goodbye', '1800ms:server-drop', '3s:drop=100%']);
    } finally {
      await target.close();
    }
  });
});

describe('load: file limits and shards of a fleet', () => {
  it('says what to run when a process needs more files than it may open', () => {
    expect(fileLimitAdvice('the reference server process', 19_000, { soft: 20_000, hard: 20_000 })).toBeUndefined();
    expect(fileLimitAdvice('the reference server process', 19_000, { soft: 1024, hard: 20_000 })).toBe(
      'the reference server process needs 19000 sockets but may open 1024 files (ulimit -n); run `ulimit -n 20000` first',
    );
    expect(fileLimitAdvice('the reference server process', 25_000, { soft: 20_000, hard: 20_000 })).toMatch(
      /may open 20000 files \(ulimit -n\); the hard limit is 20000 per process: run as shards \(--shard i\/n/,
    );
  });

  it("merges shards' fleets: connections, held and each second of the timelines summed, storms kept apart", () => {
    const shard = (held: number, storms: FleetReport['storms']): FleetReport => ({
      connections: held,
      processes: 1,
      connectRatePerSec: 500,
      pingIntervalSec: 30,
      heldAtSteps: held,
      heldPeak: held,
      heldEnd: held,
      openedInSec: 3,
      serverConnections: held,
      counts: { ...emptyFleetCounts(), held, opened: held },
      failuresByReason: { 'rtm.connect ECONNRESET': 1 },
      connectLatency: percentilesOf([]),
      pongLatency: percentilesOf([]),
      memory: { harnessKbPerConnection: held === 100 ? 4 : 8, serverKbPerConnection: 6, harnessRssMb: 50 },
      idleCpu: { windowSec: 2, harnessPct: 1, serverPct: 2 },
      timeline: [
        { t: 1, held: held / 2, rtmConnect: held / 2, opened: held / 2, failures: 0, rateLimited: 0 },
        { t: 2, held, rtmConnect: held / 2, opened: held / 2, failures: 0, rateLimited: 0, events: ['steps'] },
      ],
      storms,
      histograms: { connectLatency: [], pongLatency: [] },
    });
    const storm = stormReport('1s:goodbye', 1.5, [{ id: 1, down: 2, backMs: [5, 9] }], []);
    const merged = mergeFleets([shard(100, [storm]), shard(300, [])])!;
    expect(merged).toMatchObject({ connections: 400, heldAtSteps: 400, serverConnections: 400 });
    expect(merged.counts.opened).toBe(400);
    expect(merged.failuresByReason).toEqual({ 'rtm.connect ECONNRESET': 2 });
    expect(merged.memory.harnessKbPerConnection).toBe(7);
    expect(merged.timeline.map((s) => s.held)).toEqual([200, 400]);
    expect(merged.timeline[1].events).toEqual(['steps']);
    expect(merged.storms.map((s) => s.event)).toEqual(['shard 1: 1s:goodbye']);
  });
});
