import { HarnessError } from '../errors.js';
import { Redactor } from '../redact.js';
import { type RunningServer, startServer } from '../server/server.js';
import { unknownFaultMessage } from '../server/faults/index.js';
import { startServerProcess } from '../load/server-process.js';
import type { ServerObserver } from '../server/observer.js';
import type { TlsOptions } from '../session/http-client.js';
import type { Target } from './target.js';
import type { FanOut } from '../load/delivery/fan-out-fixture.js';

/** A remote target, or (without `api`) the reference server with these settings. */
export interface TargetSpec {
  api?: string;
  tokens: string[];
  channel?: string;
  tls?: TlsOptions;
  embedded?: {
    faults?: string[];
    urlTtlMs?: number;
    maxMessageBytes?: number;
    seed?: number;
    /** Another process (load: client and server must not share an event loop), rate limit off; default in process. */
    ownProcess?: boolean;
    /** In process only: client mode's observer, and Grid's second token for the bot. */
    observer?: ServerObserver;
    extraTokens?: Record<string, string>;
    /** Own process only: the generated fan-out workspace (load --members --channels). */
    fanOut?: FanOut;
  };
}

/** Gets the target a command runs against: the remote one as given, or the reference server, started. */
export async function acquireTarget(spec: TargetSpec): Promise<Target & { server?: RunningServer }> {
  const redactor = new Redactor();
  for (const t of spec.tokens) redactor.add(t);
  if (spec.api !== undefined) {
    return {
      apiUrl: spec.api,
      tokens: spec.tokens,
      channel: spec.channel,
      embedded: false,
      faults: [],
      tls: spec.tls,
      redactor,
      close: async () => undefined,
    };
  }
  const e = spec.embedded ?? {};
  const faults = e.faults ?? [];
  const unknown = faults.find((f) => unknownFaultMessage(f) !== undefined);
  if (unknown !== undefined) throw new HarnessError('E_USAGE', `--fault: ${unknownFaultMessage(unknown)}`);
  if (e.ownProcess) {
    const child = await startServerProcess(faults, e.fanOut);
    for (const t of [...child.tokens, ...(child.idleTokens ?? [])]) redactor.add(t);
    return {
      apiUrl: child.apiUrl,
      tokens: child.tokens,
      ...(child.idleTokens ? { idleTokens: child.idleTokens } : {}),
      channel: child.channel,
      embedded: true,
      faults,
      redactor,
      serverStats: child.stats,
      serverControl: child.control,
      close: once(child.stop),
    };
  }
  const server = await startServer({
    urlTtlMs: e.urlTtlMs,
    maxMessageBytes: e.maxMessageBytes,
    faults,
    seed: e.seed,
    observer: e.observer,
    extraTokens: e.extraTokens,
  });
  for (const u of server.fixture.users) redactor.add(u.token);
  const tokens = server.fixture.users.filter((u) => !u.deactivated).map((u) => u.token);
  return {
    apiUrl: server.apiUrl,
    tokens,
    channel: server.fixture.channels[0].id,
    embedded: true,
    faults,
    redactor,
    server,
    close: once(server.close),
  };
}

function once(f: () => Promise<void>): () => Promise<void> {
  let done: Promise<void> | undefined;
  return () => (done ??= f());
}
