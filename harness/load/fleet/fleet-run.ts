import type { Target } from '../../target/target.js';
import type { StepReport } from '../step-report.js';
import { Fleet, type FleetOptions } from './fleet.js';
import type { FleetEvent } from './fleet-events.js';
import type { FleetReport } from './fleet-report.js';

/** The fleet part of `load` options: idle connections beside the senders, and the events of the run. */
export interface FleetLoadOptions extends Omit<FleetOptions, 'firstIndex'> {
  events: FleetEvent[];
}

/** How long the idle CPU is sampled once every connection is held, before the senders start. */
const IDLE_WINDOW_MS = 2000;
/** How long the end of a run waits for a storm's last connections to come back. */
const SETTLE_MS = 30_000;

export interface OpenFleet {
  fleet: Fleet;
  serverConnections: number | null;
  idleCpu: FleetReport['idleCpu'];
  memory: FleetReport['memory'];
}

/**
 * Opens the fleet before the senders connect, waits (bounded by the connect rate) until all are held, then measures
 * what idle connections cost: CPU over a short window, memory per held connection in the fleet and the server.
 */
export async function openFleet(target: Target, options: FleetLoadOptions, senders: number): Promise<OpenFleet> {
  const serverBefore = await target.serverStats?.();
  const fleet = new Fleet(target, { ...options, firstIndex: senders });
  // Bounded: ten times the time the connect rate asks for, and never 30 s without a connection added.
  await fleet.waitHeld((options.connections / options.connectRatePerSec) * 10_000 + 60_000);
  const before = fleet.usage();
  const serverIdle = await target.serverStats?.();
  const t = performance.now();
  await new Promise((r) => setTimeout(r, IDLE_WINDOW_MS));
  const windowSec = (performance.now() - t) / 1000;
  const after = fleet.usage();
  const serverAfter = await target.serverControl?.('stats');
  const held = Math.max(1, fleet.held());
  const kb = (bytes: number) => Math.round((bytes / 1024 / held) * 100) / 100;
  return {
    fleet,
    serverConnections: serverAfter?.connections ?? null,
    idleCpu: {
      windowSec: Math.round(windowSec * 10) / 10,
      harnessPct: Math.round(((after.cpuUs - before.cpuUs) / 1e4 / windowSec) * 10) / 10,
      serverPct:
        serverIdle && serverAfter
          ? Math.round(((serverAfter.cpuUs - serverIdle.cpuUs) / 1e4 / windowSec) * 10) / 10
          : null,
    },
    memory: {
      harnessKbPerConnection: fleet.held() > 0 ? kb(after.rssBytes - after.startRssBytes) : null,
      serverKbPerConnection:
        serverBefore && serverAfter && fleet.held() > 0 ? kb(serverAfter.rssBytes - serverBefore.rssBytes) : null,
      harnessRssMb: Math.round((after.rssBytes / 1048576) * 10) / 10,
    },
  };
}

/** Ends the fleet after the steps: waits for storms to settle, then attaches each storm's step's acks and deliveries. */
export async function closeFleet(
  open: OpenFleet,
  options: FleetLoadOptions,
  steps: StepReport[],
): Promise<FleetReport> {
  if (options.events.length > 0) await open.fleet.settle(SETTLE_MS);
  const report = await open.fleet.stop(open.idleCpu, open.memory);
  report.serverConnections = open.serverConnections;
  report.storms.forEach((storm, n) => {
    const atSec = (options.events[n]?.atMs ?? 0) / 1000;
    let end = 0;
    const step = steps.findIndex((s) => {
      end += s.durationSec;
      return atSec < end;
    });
    if (step < 0) return;
    const c = steps[step].counters;
    storm.acks = {
      step,
      missing: c.missing,
      duplicates: c.duplicates,
      unsent: c.unsent,
      disconnects: c.disconnects,
      reconnects: c.reconnects,
    };
    const d = steps[step].delivery;
    if (d)
      storm.deliveries = {
        step,
        expected: d.expected,
        missing: d.missing,
        duplicates: d.duplicates,
        order: d.order,
        late: d.late,
      };
  });
  return report;
}
