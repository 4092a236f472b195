/** Bounds that hold whatever the flags or conformance.yaml say: a load run always ends by itself. */
export const LOAD_BOUNDS = {
  maxDurationSec: 3600,
  maxRate: 200_000,
  /** Every connection of a run, senders and idle ones: the machine bounds it (a process holds at most its file limit). */
  maxConnections: 200_000,
  /** Connections that send (the open-model senders, in this process's threads): today's cap. */
  maxSenders: 10_000,
  /** Seconds between an idle connection's pings. */
  maxPingIntervalSec: 600,
  /** New connections per second (--connect-rate R/s). */
  maxConnectRate: 100_000,
  maxWarmupSec: 60,
  maxWorkers: 16,
} as const;
