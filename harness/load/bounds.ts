/** Bounds that hold whatever the flags or conformance.yaml say: a load run always ends by itself. */
export const LOAD_BOUNDS = {
  maxDurationSec: 3600,
  maxRate: 200_000,
  maxConnections: 10_000,
  maxWarmupSec: 60,
  maxWorkers: 16,
} as const;
