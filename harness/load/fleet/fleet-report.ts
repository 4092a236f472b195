import type { Percentiles } from '../histograms.js';
import type { FleetCounts, StormPart } from './fleet-types.js';

/** One second of the fleet: connections held at its end, what happened during it, and the events it saw. */
export interface FleetSample {
  /** Seconds since the fleet began opening. */
  t: number;
  held: number;
  /** rtm.connect calls the target received in this second (429s and failures included). */
  rtmConnect: number;
  opened: number;
  failures: number;
  rateLimited: number;
  /** Events fired in this second (`--at` specs), and `steps` where the measured steps began. */
  events?: string[];
}

/** A reconnect storm, end to end: from the event to each dropped connection's next hello. */
export interface StormReport {
  event: string;
  /** Seconds since the fleet began opening (the timeline's t). */
  atSec: number;
  /** Connections that went down after the event, and how many were back by the end. */
  down: number;
  back: number;
  /** ms until 50, 90 and 100 % of those were reconnected; null when not reached within the run. */
  reconnectedMs: { p50: number | null; p90: number | null; p100: number | null };
  /** The highest rtm.connect rate the target received in a second of the storm, 429s in it, failed attempts. */
  peakRtmConnectPerSec: number;
  rateLimited: number;
  failures: number;
  /** The senders' step the storm fell in: acks lost (missing), duplicated, unsent on a down connection. */
  acks?: { step: number; missing: number; duplicates: number; unsent: number; disconnects: number; reconnects: number };
  /**
   * A fan-out load: the same step's deliveries (members' receipts of its messages), expected, missing (a member
   * down in the storm misses what was sent meanwhile), duplicated, out of ts order, late. Counted over the step, not
   * the storm's seconds alone.
   */
  deliveries?: { step: number; expected: number; missing: number; duplicates: number; order: number; late: number };
}

export interface FleetReport {
  /** Idle pinging connections (the senders' are counted in the steps). */
  connections: number;
  processes: number;
  connectRatePerSec: number;
  pingIntervalSec: number;
  /** Held when the measured steps began, the most at once, and at the end. */
  heldAtSteps: number;
  heldPeak: number;
  heldEnd: number;
  /** Seconds until every connection was first held; null when they never all were. */
  openedInSec: number | null;
  counts: FleetCounts;
  failuresByReason: Record<string, number>;
  /** rtm.connect call to hello, and ping to pong, in µs. */
  connectLatency: Percentiles;
  pongLatency: Percentiles;
  /** Connections the reference server held while the idle CPU was measured (its own count; embedded only). */
  serverConnections: number | null;
  /** Resident memory per held idle connection, KB: the fleet processes' growth, the server's growth (embedded only). */
  memory: { harnessKbPerConnection: number | null; serverKbPerConnection: number | null; harnessRssMb: number };
  /** CPU while only the idle connections ran (before the senders), % of one core. */
  idleCpu: { windowSec: number; harnessPct: number; serverPct: number | null };
  timeline: FleetSample[];
  storms: StormReport[];
  histograms: { connectLatency: string[]; pongLatency: string[] };
}

/** A storm's figures from its fleet processes' parts and the timeline. */
export function stormReport(event: string, atSec: number, parts: StormPart[], timeline: FleetSample[]): StormReport {
  const down = parts.reduce((a, p) => a + p.down, 0);
  const back = parts.flatMap((p) => p.backMs).sort((a, b) => a - b);
  const at = (q: number) => {
    const need = Math.ceil(down * q);
    return down === 0 || back.length < need ? null : Math.round(back[need - 1]);
  };
  const p100 = at(1);
  // The storm's seconds: from the event to the last reconnect (or the end of the timeline).
  const endSec = p100 === null ? Number.POSITIVE_INFINITY : atSec + p100 / 1000 + 1;
  const rows = timeline.filter((s) => s.t > atSec && s.t <= Math.ceil(endSec));
  return {
    event,
    atSec,
    down,
    back: back.length,
    reconnectedMs: { p50: at(0.5), p90: at(0.9), p100 },
    peakRtmConnectPerSec: Math.max(0, ...rows.map((s) => s.rtmConnect)),
    rateLimited: rows.reduce((a, s) => a + s.rateLimited, 0),
    failures: rows.reduce((a, s) => a + s.failures, 0),
  };
}
