import { tmpdir } from 'node:os';
import { beforeAll, describe, expect, it } from 'vitest';
import { type LoadFlags, resolveLoadOptions } from '../../../harness/config/load-options.js';
import { parseFleetEvent } from '../../../harness/load/fleet/fleet-events.js';
import { type LoadReport, runLoad } from '../../../harness/load/run-load.js';
import { acquireTarget } from '../../../harness/target/acquire-target.js';
import { fleetLines } from '../../../reports/load-fleet-console.js';

const FAN_OUT = { members: 10, channels: 1 };
const resolve = (flags: LoadFlags) => resolveLoadOptions(flags, {}, tmpdir());

/** A fan-out load of 10 members beside 50 idle connections, with these events, against the server process. */
async function fanOutWithFleet(events: string[], steps: number): Promise<LoadReport> {
  const target = await acquireTarget({ tokens: [], embedded: { ownProcess: true, fanOut: FAN_OUT } });
  try {
    return await runLoad(target, {
      steps: Array.from({ length: steps }, () => ({ rate: 100, durationSec: 1 })),
      connections: FAN_OUT.members,
      warmupSec: 0,
      workers: 1,
      thresholds: [],
      replyTimeoutMs: 2000,
      connectRate: false,
      fanOut: FAN_OUT,
      fleet: {
        connections: 50,
        connectRatePerSec: 2000,
        pingIntervalSec: 1,
        events: events.map((e) => parseFleetEvent(e, () => true)),
      },
    });
  } finally {
    await target.close();
  }
}

describe('load: a fan-out load beside idle connections, the flags', () => {
  it('makes the connections above --members idle, with or without --at', () => {
    const { load } = resolve({ members: 10, connections: 60, at: ['1s:drop=100%'], duration: 2 });
    expect(load.connections).toBe(10);
    expect(load.fanOut).toEqual({ members: 10, channels: 1 });
    expect(load.fleet).toMatchObject({ connections: 50, events: [{ kind: 'drop', fraction: 1 }] });
    expect(resolve({ members: 10, connections: 60 }).load.fleet).toMatchObject({ connections: 50, events: [] });
    expect(resolve({ members: 10 }).load.fleet).toBeUndefined();
    expect(() => resolve({ members: 10, at: ['1s:goodbye'] })).toThrow(
      '--at 1s:goodbye: needs idle connections (--connections above --members)',
    );
  });
});

describe('load: deliveries across storms, against the reference server process', () => {
  // One run of five 1 s steps (the server process and the fleet take seconds to start): a drop in step 1, a
  // delivery fault that loses switched on in step 2, one that duplicates in step 3, off in step 4.
  let report: LoadReport;
  beforeAll(async () => {
    const faults = ['2200ms:fault=loses-deliveries', '3200ms:fault=duplicates-deliveries', '4200ms:fault=off'];
    report = await fanOutWithFleet(['1500ms:drop=100%', ...faults], 5);
  }, 60_000);

  it('reports a drop storm with the deliveries of its step, and no message reached an idle connection', () => {
    const f = report.fleet!;
    expect(report.config).toMatchObject({ connections: 60, senders: 10 });
    // The idle users are in no channel: no message event reached them, the server's fan-out stayed the 10 members.
    expect(f.serverConnections).toBe(50);
    expect(f.counts.messages).toBe(0);
    const [storm] = f.storms;
    expect(storm).toMatchObject({ event: '1500ms:drop=100%', down: 50, back: 50 });
    // The members were dropped too, and reconnected within the step.
    expect(storm.acks).toMatchObject({ step: 1, reconnects: 10 });
    const d = report.steps[1].delivery!;
    expect(d.members).toBe(10);
    // Each message the server took, to the 9 other members: the idle connections are not expected (nor reached).
    expect(d.expected).toBe((report.steps[1].counters.sent - sumErrors(report, 1)) * 9);
    expect(storm.deliveries).toEqual({
      step: 1,
      expected: d.expected,
      missing: d.missing,
      duplicates: d.duplicates,
      order: d.order,
      late: d.late,
    });
    const line = fleetLines(f).find((l) => l.includes('storm 1500ms:drop=100%'))!;
    expect(line).toContain(`deliveries missing ${d.missing} of ${d.expected}, duplicated ${d.duplicates}`);
    expect(fleetLines(f).join('\n')).toContain('message events received 0');
  });

  it('shows delivery faults switched on mid-run, then off, in their storms’ deliveries', () => {
    const [, lose, duplicate, off] = report.fleet!.storms;
    expect(report.steps[0].delivery).toMatchObject({ missing: 0, duplicates: 0 });
    // Every 10th message event of a connection lost, then doubled: most of a tenth of the step's deliveries.
    expect(lose.deliveries).toMatchObject({ step: 2, duplicates: 0 });
    expect(lose.deliveries!.missing).toBeGreaterThan(report.steps[2].delivery!.expected / 20);
    expect(duplicate.deliveries!.step).toBe(3);
    expect(duplicate.deliveries!.duplicates).toBeGreaterThan(report.steps[3].delivery!.expected / 20);
    expect(off.deliveries!.step).toBe(4);
    expect(off.deliveries!.duplicates).toBeLessThan(duplicate.deliveries!.duplicates);
    expect(off.deliveries!.missing).toBe(0);
  });
});

function sumErrors(report: LoadReport, step: number): number {
  return Object.values(report.steps[step].counters.errorsByCode).reduce((a, b) => a + b, 0);
}
