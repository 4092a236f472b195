import { z } from 'zod';
import { LOAD_BOUNDS } from '../load/bounds.js';

/** Every suite the runner knows; a check declares one of these. */
export const SUITE_NAMES = [
  'connect',
  'url',
  'ids',
  'reply',
  'ts',
  'size',
  'unknown',
  'ping',
  'errors',
  'typing',
  'presence',
  'rate',
] as const;
export type SuiteName = (typeof SUITE_NAMES)[number];

/** The suites of client mode (`rtm-conformance client`). */
export const CLIENT_SUITE_NAMES = ['client'] as const;

/**
 * Suite names before a suite's folder, its name and its ids' prefix became one word: a config or a script that
 * still uses one is told the new name instead of "unknown suite".
 */
export const RENAMED_SUITES: Readonly<Record<string, string>> = {
  'url-expiry': 'url',
  'url-single-use': 'url',
  'id-uniqueness': 'ids',
  'reply-correlation': 'reply',
  timestamps: 'ts',
  'size-limit': 'size',
  'unknown-events': 'unknown',
  'ping-pong': 'ping',
  'rate-limit': 'rate',
  ...Object.fromEntries(
    ['connect', 'echo', 'ids', 'events', 'keepalive', 'reconnect', 'limits', 'grid', 'process'].map((s) => [
      `client-${s}`,
      'client',
    ]),
  ),
};
export type ClientSuiteName = (typeof CLIENT_SUITE_NAMES)[number];

export const REPORTER_NAMES = ['console', 'json', 'junit', 'html', 'markdown'] as const;
export type ReporterName = (typeof REPORTER_NAMES)[number];

const Globs = z.union([
  z.array(z.string()).describe('globs to include'),
  z.strictObject({ include: z.array(z.string()).optional(), exclude: z.array(z.string()).optional() }),
]);

/** conformance.yaml. Strict: an unknown key is an error naming its path. */
export const ConfigSchema = z.strictObject({
  target: z
    .strictObject({
      api: z
        .url()
        .describe("the target's Web API base URL, e.g. https://slack.com/api/; absent: the embedded reference server")
        .optional(),
      tokens: z
        .array(z.string().min(1))
        .describe('the first is the primary user; more enable multi-user checks')
        .optional(),
      channel: z.string().describe("a channel every token's user belongs to").optional(),
    })
    .optional(),
  embedded: z
    .strictObject({
      faults: z
        .array(z.string())
        .describe('faults or variations switched on in the embedded reference server')
        .optional(),
    })
    .optional(),
  expect: z
    .strictObject({
      urlTtl: z
        .number()
        .positive()
        .max(3600)
        .describe('the socket URL lifetime the target promises, seconds')
        .optional(),
      maxMessageBytes: z
        .int()
        .min(64)
        .max(1 << 20)
        .describe('the message-size limit the target promises, bytes')
        .optional(),
    })
    .optional(),
  seed: z.int().describe('property-test seed').optional(),
  runs: z.int().min(1).max(10_000).describe('runs per property').optional(),
  suites: Globs.describe('suites to run (names or globs)').optional(),
  checks: Globs.describe('checks to run (id globs)').optional(),
  load: z
    .strictObject({
      rate: z.number().positive().max(LOAD_BOUNDS.maxRate).optional(),
      ramp: z
        .string()
        .regex(/^\d+:\d+:\d+$/)
        .optional(),
      connections: z.int().positive().max(LOAD_BOUNDS.maxSenders).optional(),
      duration: z.number().positive().max(LOAD_BOUNDS.maxDurationSec).optional(),
      warmup: z.number().min(0).max(LOAD_BOUNDS.maxWarmupSec).optional(),
      thresholds: z.array(z.string()).optional(),
    })
    .optional(),
  reports: z
    .strictObject({
      out: z.string().describe('output folder').optional(),
      formats: z.array(z.enum(REPORTER_NAMES)).optional(),
    })
    .optional(),
});

export type ConfigFile = z.infer<typeof ConfigSchema>;
