import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { conformingBehaviour } from './behaviour.js';
import { Connection } from './connection.js';
import { applyFaults } from './faults/index.js';
import { DEFAULT_FIXTURE, type Fixture } from './fixture.js';
import type { RateLimit } from './rate-limit.js';
import { RTM_ERRORS } from './rtm-errors.js';
import { TicketBook } from './tickets.js';
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
  close(): Promise<void>;
}

/**
 * Largest frame `ws` accepts at all: a bound on memory, far above the protocol limit, so that it is
 * the server's own 16 KB rule (in Connection) that decides, not ws's maxPayload.
 */
const WS_FRAME_CAP = 1024 * 1024;

/** Starts the reference RTM server: one HTTP port for the Web API (`/api/`) and the message server (`/websocket/`). */
export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const behaviour = applyFaults(conformingBehaviour(), options.faults ?? []);
  const fixture = options.fixture ?? DEFAULT_FIXTURE;
  const maxMessageBytes = options.maxMessageBytes ?? 16_384;
  const tickets = new TicketBook({
    ttlMs: (options.urlTtlMs ?? 30_000) * behaviour.urlTtlFactor,
    consume: behaviour.consumeTickets,
    expire: behaviour.expireTickets,
  });
  const workspace = new Workspace(fixture, tickets, behaviour.presenceToSubscribersOnly);
  const random = mulberry32(options.seed ?? 1);
  const host = options.host ?? '127.0.0.1';
  let socketBase = '';
  const api = createWebApi({ workspace, behaviour, tickets, connectRateLimit: options.connectRateLimit ?? false, socketBase: () => socketBase });
  const wss = new WebSocketServer({ noServer: true, maxPayload: Math.max(WS_FRAME_CAP, maxMessageBytes * 4), perMessageDeflate: false });
  const connections = new Set<Connection>();

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
  const server: Server = options.tls ? createHttpsServer({ key: options.tls.key, cert: options.tls.cert }, handler) : createServer(handler);

  server.on('upgrade', (req, socket: Duplex, head) => {
    socket.on('error', () => socket.destroy());
    const m = /^\/websocket\/([A-Za-z0-9_-]+)(?:[/?]|$)/.exec(req.url ?? '');
    if (!m) return refuseUpgrade(socket);
    const redeemed = tickets.redeem(m[1]);
    if (typeof redeemed === 'string' && behaviour.refusedUrl === 'handshake-404') return refuseUpgrade(socket);
    wss.handleUpgrade(req, socket, head, (ws) => {
      if (typeof redeemed === 'string') {
        // Slack upgrades, then reports the refused URL in band; clients hang unless the server also closes.
        ws.send(JSON.stringify({ type: 'error', error: { ...RTM_ERRORS.url_refused } }));
        ws.close(1008, 'socket url refused');
        const timer = setTimeout(() => ws.terminate(), 1000);
        timer.unref();
        ws.on('close', () => clearTimeout(timer));
        ws.on('error', () => ws.terminate());
        return;
      }
      const connection = new Connection(ws, workspace, behaviour, {
        user: redeemed.user,
        batchPresenceAware: redeemed.batchPresenceAware,
        queued: redeemed.queued,
        maxMessageBytes,
        rateLimit: options.rateLimit ?? false,
        maxConnectionMs: options.maxConnectionMs ?? 8 * 3600_000,
        goodbyeLeadMs: options.goodbyeLeadMs ?? 1000,
        random,
      });
      connections.add(connection);
      ws.on('close', () => connections.delete(connection));
      connection.start();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const hostInUrl = host.includes(':') ? `[${host}]` : host;
  const secure = options.tls !== undefined;
  socketBase = `${secure ? 'wss' : 'ws'}://${hostInUrl}:${port}`;

  return {
    apiUrl: `${secure ? 'https' : 'http'}://${hostInUrl}:${port}/api/`,
    port,
    fixture,
    connectionCount: () => wss.clients.size,
    issuedTickets: () => tickets.ids(),
    goodbyeAll: () => {
      for (const c of connections) c.goodbye();
    },
    dropAll: () => {
      for (const ws of wss.clients) ws.terminate();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const ws of wss.clients) ws.close(1001, 'server shutting down');
        const force = setTimeout(() => {
          for (const ws of wss.clients) ws.terminate();
          server.closeAllConnections();
        }, 500);
        force.unref();
        wss.close();
        server.close(() => {
          clearTimeout(force);
          resolve();
        });
        server.closeIdleConnections();
      }),
  };
}

function refuseUpgrade(socket: Duplex): void {
  socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
}

/** A small seeded PRNG, so that a variation's randomness replays with the run's seed. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
