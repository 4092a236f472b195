import type { Redactor } from '../redact.js';
import type { TlsOptions } from '../session/http-client.js';

/**
 * What `run`, `load` and `client` point at: the Web API base URL, the users' tokens and a channel, with the
 * redactor that hides those tokens. Acquired before a runner starts and handed to it; `close()` ends what
 * acquiring started (the embedded server), once.
 */
export interface Target {
  apiUrl: string;
  /** The first is the primary user. */
  tokens: string[];
  /** Tokens for idle connections that must not receive the load's messages (a fan-out load's users in no channel). */
  idleTokens?: string[];
  channel: string | undefined;
  /** The reference server of this harness, not a remote one. */
  embedded: boolean;
  /** Faults switched on in the embedded server. */
  faults: string[];
  tls?: TlsOptions;
  /** Knows every token and socket ticket the target hands out. */
  redactor: Redactor;
  /** The embedded server's own process, when it has one: its CPU time (µs) and resident memory (bytes). */
  serverStats?: () => Promise<{ cpuUs: number; rssBytes: number }>;
  /** The embedded server's own process, when it has one: an event mid-run (`load --at`), answered with its stats. */
  serverControl?: (
    op: 'stats' | 'goodbye' | 'drop' | 'faults',
    faults?: string[],
  ) => Promise<{ cpuUs: number; rssBytes: number; connections: number }>;
  close(): Promise<void>;
}
