import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { type LoadFlags, resolveLoadOptions } from '../../../harness/config/load-options.js';
import { parseFleetEvent } from '../../../harness/load/fleet/fleet-events.js';
import { stormReport } from '../../../harness/load/fleet/fleet-report.js';
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
  it('holds the fleet beside the senders, the server counting every connection, and marks a goodbye and a drop storm', async () => {
    const target = await acquireTarget({ tokens: [], embedded: { ownProcess: true } });
    try {
      const report = await runLoad(target, {
        steps: [{ rate: 50, durationSec: 3 }],
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
          events: [parseFleetEvent('300ms:goodbye', () => false), parseFleetEvent('2s:drop=100%', () => false)],
        },
      });
      const f = report.fleet!;
      expect(report.config).toMatchObject({ connections: 202, senders: 2 });
      expect(f.heldAtSteps).toBe(200);
      // Opened before the senders: the server's own count is the fleet's.
      expect(f.serverConnections).toBe(200);
      expect(f.counts.pongs).toBeGreaterThan(0);
      expect(f.memory.serverKbPerConnection).not.toBeNull();
      const [goodbye, drop] = f.storms;
      expect(goodbye).toMatchObject({ event: '300ms:goodbye', down: 200, back: 200 });
      expect(goodbye.reconnectedMs.p100).not.toBeNull();
      expect(goodbye.peakRtmConnectPerSec).toBeGreaterThan(0);
      expect(drop).toMatchObject({ event: '2s:drop=100%', down: 200, back: 200 });
      expect(f.counts.goodbyes).toBe(200);
      // The senders' connections got goodbye, then were dropped: each time they reconnected within the step.
      expect(drop.acks).toMatchObject({ step: 0, disconnects: 4, reconnects: 4 });
      const events = f.timeline.flatMap((s) => s.events ?? []);
      expect(events).toEqual(['steps', '300ms:goodbye', '2s:drop=100%']);
    } finally {
      await target.close();
    }
  });
});
