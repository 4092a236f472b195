import type { TlsOptions } from '../../session/http-client.js';

/** What one fleet process is told: its share of the idle pinging connections. */
export interface FleetMemberConfig {
  apiUrl: string;
  /** Connection k uses token k mod n (tokens may be reused across connections). */
  tokens: string[];
  connections: number;
  /** The first connection's index in the whole fleet (source addresses and tokens follow the global index). */
  firstIndex: number;
  /** New connections opened per second by this process (its share of --connect-rate). */
  connectRatePerSec: number;
  /** Each connection pings every this long, as real clients do (--ping-interval). */
  pingIntervalMs: number;
  /** Loopback source addresses to spread over (127.0.0.x); empty: the OS picks. */
  sourceAddresses: string[];
  /** Connections per source address before the next one is used. */
  perAddress: number;
  /** rtm.connect calls and handshakes under way at once (a storm's reconnects queue behind them). */
  concurrency: number;
  maxFrameBytes: number;
  tls?: TlsOptions;
}

/** Cumulative counts of one fleet process (or of the fleet, summed). */
export interface FleetCounts {
  /** Connections open now (hello received, not closed). */
  held: number;
  /** rtm.connect calls made (each 429 and failure included). */
  rtmConnectCalls: number;
  /** Connections opened (hello received), reconnects included. */
  opened: number;
  /** Attempts that failed (rtm.connect error, handshake, no hello), each retried after a second. */
  failures: number;
  /** rtm.connect answers HTTP 429; the connection waited Retry-After before it tried again. */
  rateLimited: number;
  /** Connections the target closed or that broke (not ones the harness dropped itself). */
  lost: number;
  goodbyes: number;
  pings: number;
  pongs: number;
  /** A ping still unanswered when the next one was due. */
  pongsMissing: number;
  /** Connect attempts that found the source address out of ephemeral ports and moved to the next one. */
  addressesExhausted: number;
  /** `message` events received: none beside a fan-out load, whose idle users are in no channel. */
  messages: number;
}

export function emptyFleetCounts(): FleetCounts {
  return {
    held: 0,
    rtmConnectCalls: 0,
    opened: 0,
    failures: 0,
    rateLimited: 0,
    lost: 0,
    goodbyes: 0,
    pings: 0,
    pongs: 0,
    pongsMissing: 0,
    addressesExhausted: 0,
    messages: 0,
  };
}

export function addFleetCounts(a: FleetCounts, b: FleetCounts): FleetCounts {
  const sum = emptyFleetCounts();
  // A load.json from before a count existed has none of it: counted as 0, not NaN.
  for (const k of Object.keys(sum) as (keyof FleetCounts)[]) sum[k] = (a[k] ?? 0) + (b[k] ?? 0);
  return sum;
}

/** One storm as a fleet process saw it: connections that went down after the event, and when each was back. */
export interface StormPart {
  id: number;
  down: number;
  /** ms from the event to each connection's hello, ascending. */
  backMs: number[];
}

export interface FleetMemberReport {
  counts: FleetCounts;
  /** rtm.connect call to hello, ms as µs (encoded HDR histogram). */
  connectLatency: string;
  pongLatency: string;
  storms: StormPart[];
  /** Why attempts failed, by reason (rtm.connect error code, handshake error, no hello). */
  failuresByReason: Record<string, number>;
}

/** Parent to fleet process. */
export type FleetCommand =
  | { type: 'mark'; storm: number }
  | { type: 'drop'; storm: number; fraction: number }
  | { type: 'stop' };

/** Fleet process to parent. */
export type FleetMessage =
  | { type: 'started'; rssBytes: number; cpuUs: number }
  | { type: 'tick'; counts: FleetCounts; rssBytes: number; cpuUs: number }
  | { type: 'report'; report: FleetMemberReport; rssBytes: number; cpuUs: number }
  | { type: 'failed'; message: string };
