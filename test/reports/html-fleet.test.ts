import { describe, expect, it } from 'vitest';
import type { FleetReport } from '../../harness/load/fleet/fleet-report.js';
import { emptyFleetCounts } from '../../harness/load/fleet/fleet-types.js';
import { percentilesOf } from '../../harness/load/histograms.js';
import { fleetSection } from '../../reports/html/load-fleet-section.js';
import { fleetLines } from '../../reports/load-fleet-console.js';

const fleet: FleetReport = {
  connections: 200,
  processes: 1,
  connectRatePerSec: 500,
  pingIntervalSec: 30,
  heldAtSteps: 200,
  heldPeak: 200,
  heldEnd: 200,
  openedInSec: 1,
  serverConnections: 200,
  counts: { ...emptyFleetCounts(), held: 200, opened: 400, goodbyes: 200 },
  failuresByReason: {},
  connectLatency: percentilesOf([]),
  pongLatency: percentilesOf([]),
  memory: { harnessKbPerConnection: 6, serverKbPerConnection: 7, harnessRssMb: 60 },
  idleCpu: { windowSec: 2, harnessPct: 1, serverPct: 2 },
  timeline: [
    { t: 1, held: 200, rtmConnect: 200, opened: 200, failures: 0, rateLimited: 0, events: ['steps'] },
    { t: 2, held: 0, rtmConnect: 0, opened: 0, failures: 0, rateLimited: 0, events: ['1s:goodbye'] },
    { t: 3, held: 200, rtmConnect: 200, opened: 200, failures: 0, rateLimited: 3 },
  ],
  storms: [
    {
      event: '1s:goodbye',
      atSec: 1.2,
      down: 200,
      back: 150,
      reconnectedMs: { p50: 400, p90: null, p100: null },
      peakRtmConnectPerSec: 200,
      rateLimited: 3,
      failures: 0,
    },
  ],
  histograms: { connectLatency: [], pongLatency: [] },
};

describe('load report: idle connections', () => {
  it('marks each event on its second of the timeline, and says a storm that never reached 100 %', () => {
    const page = String(fleetSection(fleet));
    expect(page.match(/<tr class="event">/g)).toHaveLength(2);
    expect(page).toContain('<td>1s:goodbye</td>');
    expect(page).toContain('<td>3</td><td>200</td><td>200</td><td>200</td><td>3</td>');
    const storm = fleetLines(fleet).find((l) => l.includes('storm'));
    expect(storm).toContain('200 down, 150 back · reconnected 50 % 0.4 s, 90 % not reached, 100 % not reached');
    expect(String(fleetSection(undefined))).toBe('');
  });

  it('says an event that took no connection down so, with no reconnection to time', () => {
    const quiet = { event: '2s:fault=added-latency', atSec: 2, down: 0, back: 0, failures: 0, rateLimited: 0 };
    const storms = [{ ...quiet, reconnectedMs: { p50: null, p90: null, p100: null }, peakRtmConnectPerSec: 0 }];
    const line = fleetLines({ ...fleet, storms }).find((l) => l.includes('storm'));
    expect(line).toContain(
      'storm 2s:fault=added-latency at 2.0 s: no idle connection went down · peak rtm.connect 0/s',
    );
    expect(line).not.toContain('not reached');
  });
});
