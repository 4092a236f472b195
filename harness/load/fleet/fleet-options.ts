import { HarnessError } from '../../errors.js';
import { FAULTS } from '../../server/faults/index.js';
import { LOAD_BOUNDS } from '../bounds.js';
import { type FleetEvent, parseFleetEvent, sortEvents } from './fleet-events.js';
import type { FleetLoadOptions } from './fleet-run.js';
import { fileLimitAdvice } from './fd-limit.js';

const usage = (msg: string) => new HarnessError('E_USAGE', msg);

/** Default pace of new connections: what a loaded 2-core reference server accepts without falling behind. */
export const DEFAULT_CONNECT_RATE = 500;
/** Default ping interval: real clients ping about every 30 s. */
export const DEFAULT_PING_INTERVAL_SEC = 30;

/** The fleet flags (--connect-rate R/s, --ping-interval, --at), checked against the run; undefined without idle connections. */
export function fleetOptionsOf(
  flags: { connectRate?: boolean | string; pingInterval?: number; at?: string[]; api?: string },
  idle: number,
  senders: number,
  stepsSec: number,
  /** A fan-out load: the members send, so idle connections are the ones above --members. */
  fanOut = false,
): FleetLoadOptions | undefined {
  const events = (flags.at ?? []).map((text) => eventOf(text, flags.api !== undefined, stepsSec));
  if (idle === 0) {
    const above = fanOut ? '--members' : '--senders';
    if (events.length) throw usage(`--at ${events[0].spec}: needs idle connections (--connections above ${above})`);
    if (typeof flags.connectRate === 'string' || flags.pingInterval !== undefined)
      throw usage(`--connect-rate R/s and --ping-interval pace idle connections: give --connections above ${above}`);
    return undefined;
  }
  if (flags.api === undefined) {
    const advice = fileLimitAdvice('the reference server process', idle + senders);
    if (advice) throw usage(`--connections: ${advice}`);
  }
  return {
    connections: idle,
    connectRatePerSec: typeof flags.connectRate === 'string' ? rateOf(flags.connectRate) : DEFAULT_CONNECT_RATE,
    pingIntervalSec: flags.pingInterval ?? DEFAULT_PING_INTERVAL_SEC,
    events: sortEvents(events),
  };
}

function rateOf(text: string): number {
  const m = /^(\d+)(?:\/s)?$/.exec(text);
  const rate = m ? Number(m[1]) : Number.NaN;
  if (!(rate >= 1 && rate <= LOAD_BOUNDS.maxConnectRate))
    throw usage(
      `--connect-rate: expected R/s with R from 1 to ${LOAD_BOUNDS.maxConnectRate} (e.g. 500/s), got "${text}"`,
    );
  return rate;
}

function eventOf(text: string, remote: boolean, stepsSec: number): FleetEvent {
  let event: FleetEvent;
  try {
    event = parseFleetEvent(text, (name) => FAULTS.get(name)?.kind === 'load');
  } catch (err) {
    throw usage(`--at ${text}: ${(err as Error).message}`);
  }
  if (remote && event.kind !== 'drop') throw usage(`--at ${text}: the reference server only; drop it or --api`);
  if (event.atMs >= stepsSec * 1000) throw usage(`--at ${text}: after the steps end (${stepsSec} s in all)`);
  return event;
}
