import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { MAX_MESSAGE_BYTES } from '../protocol/frame-size.js';
import { conformingBehaviour } from './behaviour.js';
import { applyFaults } from './faults/index.js';
import { DEFAULT_FIXTURE, type Fixture } from './fixture.js';
import type { RateLimit } from './rate-limit.js';
import { TicketBook } from './tickets.js';
import { MessageServer } from './message-server.js';
import type { ServerObserver } from './observer.js';
import { createWebApi } from './web-api.js';
import { Workspace } from './workspace.js';

export interface ServerOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0: the OS picks a free port. */
  port?: number;
  fixture?: Fixture;
  /** Socket URL lifetime, default 30 000 ms. */
  urlTtlMs?: number;
  /** The message-size limit, the whole frame in bytes; default 16 384. */
  maxMessageBytes?: number;
  /** Per-connection message rate limit; default off in process (`serve` turns it on). */
  rateLimit?: RateLimit | false;
  /** Per-user rtm.connect rate limit (HTTP 429); default off. */
  connectRateLimit?: RateLimit | false;
  /** A connection gets goodbye after this long; default 8 h. */
  maxConnectionMs?: number;
  /** Between goodbye and the close; default 1000 ms. */
  goodbyeLeadMs?: number;
  /** Fault and variation names (see `faults/`). */
  faults?: readonly string[];
  /** Seeds the randomness of variations such as reorder-acks. */
  seed?: number;
  /** Serve https:// and wss:// with this key and certificate (PEM). */
  tls?: { key: string; cert: string };
  /** More tokens for fixture users (token → user id): Grid's one bot, a token per workspace. */
  extraTokens?: Record<string, string>;
  /** Client mode's eyes and hands on the server (see observer.ts). */
  observer?: ServerObserver;
}

export interface RunningServer {
  /** The Web API base, ending in `/api/`. */
  readonly apiUrl: string;
  readonly port: number;
  readonly fixture: Fixture;
  connectionCount(): number;
  /** Tickets issued and still remembered: what must never appear in the harness's outputs. */
  issuedTickets(): string[];
  /** Sends goodbye to every connection (they close after the lead time). */
  goodbyeAll(): void;
  /** Drops every connection at once, as a network failure would. */
  dropAll(): void;
  /**
   * Switches faults on mid-run (`load --at 30s:fault=NAME`), over the ones the server started with; `[]` switches
   * them back off. Only what is read per frame or per call changes at once (acks, pongs, drops, rtm.connect limits).
   */
  setFaults(names: readonly string[]): void;
  /** Posts a message as a fixture user (the helper that talks to a client under test); returns its ts. */
  post(channel: string, userId: string, text: string): string;
  /** The event such a post would deliver, with its ts, delivered nowhere: for one connection or one ticket only. */
  messageEvent(channel: string, userId: string, text: string): Record<string, unknown>;
  close(): Promise<void>;
}

/** Starts the reference RTM server: one HTTP port for the Web API (`/api/`) and the message server (`/websocket/`). */
export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const behaviour = applyFaults(conformingBehaviour(), options.faults ?? []);
  const fixture = options.fixture ?? DEFAULT_FIXTURE;
  const tickets = new TicketBook({
    ttlMs: (options.urlTtlMs ?? 30_000) * behaviour.urlTtlFactor,
    consume: behaviour.consumeTickets,
    expire: behaviour.expireTickets,
  });
  const workspace = new Workspace(fixture, tickets, behaviour.presenceToSubscribersOnly, behaviour.broadcast);
  // Seeded (fast-check's own generator), so that a variation's randomness replays with the run's seed.
  const rng = xoroshiro128plus(options.seed ?? 1);
  const messages = new MessageServer({
    workspace,
    behaviour,
    tickets,
    maxMessageBytes: options.maxMessageBytes ?? MAX_MESSAGE_BYTES,
    rateLimit: options.rateLimit ?? false,
    maxConnectionMs: options.maxConnectionMs ?? 8 * 3600_000,
    goodbyeLeadMs: options.goodbyeLeadMs ?? 1000,
    random: () => uniformFloat64(rng),
    observer: options.observer,
  });
  let socketBase = '';
  const api = createWebApi({
    workspace,
    behaviour,
    tickets,
    connectRateLimit: options.connectRateLimit ?? false,
    socketBase: () => socketBase,
    extraTokens: options.extraTokens,
    observer: options.observer,
  });
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const m = /^\/api\/([A-Za-z0-9._]+)(?:\?|$)/.exec(req.url ?? '');
    if (!m) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    api.handle(req, res, m[1]).catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
    });
  };
  const server: Server = options.tls
    ? createHttpsServer({ key: options.tls.key, cert: options.tls.cert }, handler)
    : createServer(handler);
  server.on('upgrade', (req, socket: Duplex, head) => messages.upgrade(req, socket, head));
  const host = options.host ?? '127.0.0.1';
  const port = await listen(server, host, options.port ?? 0);
  const hostInUrl = host.includes(':') ? `[${host}]` : host;
  const secure = options.tls !== undefined;
  socketBase = `${secure ? 'wss' : 'ws'}://${hostInUrl}:${port}`;
  return {
    apiUrl: `${secure ? 'https' : 'http'}://${hostInUrl}:${port}/api/`,
    port,
    fixture,
    connectionCount: () => messages.connectionCount(),
    issuedTickets: () => tickets.ids(),
    goodbyeAll: () => messages.goodbyeAll(),
    dropAll: () => messages.dropAll(),
    // The same object every connection reads: its switches are replaced in place.
    setFaults: (names) =>
      Object.assign(behaviour, applyFaults(conformingBehaviour(), [...(options.faults ?? []), ...names])),
    post: (channel, userId, text) => workspace.post(channel, userId, text),
    messageEvent: (channel, userId, text) => workspace.messageEvent(channel, userId, text),
    close: () => closeServer(server, messages),
  };
}

function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
  });
}

/** Closes every connection politely (1001), then by force after 500 ms, then the port. */
function closeServer(server: Server, messages: MessageServer): Promise<void> {
  return new Promise<void>((resolve) => {
    messages.closeAll();
    const force = setTimeout(() => {
      messages.dropAll();
      server.closeAllConnections();
    }, 500);
    force.unref();
    server.close(() => {
      clearTimeout(force);
      resolve();
    });
    server.closeIdleConnections();
  });
}
