/**
 * The open model's arithmetic: message i of a step is due at T0 + i/rate, sent on connection i mod n,
 * whether or not earlier messages were answered.
 */
export interface Step {
  rate: number;
  durationSec: number;
}

/** Due time of message i, in ms after the step's T0. */
export function dueMs(i: number, rate: number): number {
  return (i * 1000) / rate;
}

/** The connection message i goes out on (round robin). */
export function connectionFor(i: number, connections: number): number {
  return i % connections;
}

/** `FROM:TO:STEPS` → STEPS rates from FROM to TO, evenly spaced (a single step runs at FROM). */
export function parseRamp(text: string): number[] {
  const m = /^(\d+):(\d+):(\d+)$/.exec(text);
  if (!m) throw new Error(`expected FROM:TO:STEPS (e.g. 1000:20000:5), got "${text}"`);
  const [from, to, steps] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (from <= 0 || to <= 0 || steps < 1) throw new Error('rates and steps must be positive');
  if (steps === 1) return [from];
  return Array.from({ length: steps }, (_, k) => Math.round(from + ((to - from) * k) / (steps - 1)));
}

/** `i/n` → shard i (1-based) of n. */
export function parseShard(text: string): { index: number; count: number } {
  const m = /^(\d+)\/(\d+)$/.exec(text);
  if (!m) throw new Error(`expected i/n (e.g. 2/4), got "${text}"`);
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1 || index < 1 || index > count) throw new Error(`shard ${text}: i must be between 1 and n`);
  return { index, count };
}

/** A shard's slice of the work: its connections (the remainder to the first shards) and rate share. */
export function shardSlice(
  connections: number,
  rate: number,
  shard: { index: number; count: number },
): { connections: number; rate: number } {
  const base = Math.floor(connections / shard.count);
  const extra = shard.index <= connections % shard.count ? 1 : 0;
  const mine = base + extra;
  return { connections: mine, rate: (rate * mine) / connections };
}

/** Splits connections over workers: the counts, summing to `connections`, none empty. */
export function splitConnections(connections: number, workers: number): number[] {
  const w = Math.max(1, Math.min(workers, connections));
  return Array.from({ length: w }, (_, k) => Math.floor(connections / w) + (k < connections % w ? 1 : 0));
}
