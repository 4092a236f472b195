/**
 * Message timestamps (https://api.slack.com/legacy/rtm#handling-responses): "All messages within a single
 * channel are guaranteed to have a unique timestamp which is ASCII sortable. [...] clients should treat these
 * timestamps as strings". Slack's own shape is "%d.%06d": seconds, a dot, a six-digit sequence.
 */
export const SLACK_TS_SHAPE = /^\d{10}\.\d{6}$/;

/** A ts as the page requires it: a non-empty string. */
export function isTs(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}

/** ASCII order, as the page promises ("ASCII sortable"); not numeric order. */
export function asciiBefore(a: string, b: string): boolean {
  return a < b;
}

/** Slack's "%d.%06d". */
export function formatTs(sec: number, seq: number): string {
  return `${sec}.${String(seq).padStart(6, '0')}`;
}
