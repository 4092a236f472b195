import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { Behaviour } from './behaviour.js';
import { Connection } from './connection.js';
import type { ServerObserver } from './observer.js';
import type { RateLimit } from './rate-limit.js';
import { RTM_ERRORS } from './rtm-errors.js';
import type { TicketBook } from './tickets.js';
import type { Workspace } from './workspace.js';

export interface MessageServerOptions {
  workspace: Workspace;
  behaviour: Behaviour;
  tickets: TicketBook;
  maxMessageBytes: number;
  rateLimit: RateLimit | false;
  maxConnectionMs: number;
  goodbyeLeadMs: number;
  random: () => number;
  observer?: ServerObserver;
}

/**
 * Largest frame `ws` accepts at all: a bound on memory, far above the protocol limit, so that it is
 * the server's own 16 KB rule (in Connection) that decides, not ws's maxPayload.
 */
const WS_FRAME_CAP = 1024 * 1024;

/** The message server: redeems the ticket in a socket URL's path and runs the connection it opens. */
export class MessageServer {
  private readonly wss: WebSocketServer;
  private readonly connections = new Set<Connection>();

  constructor(private readonly options: MessageServerOptions) {
    this.wss = new WebSocketServer({
      noServer: true,
      maxPayload: Math.max(WS_FRAME_CAP, options.maxMessageBytes * 4),
      perMessageDeflate: false,
    });
  }

  /** An HTTP upgrade on the shared port: `/websocket/<ticket>`. */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => socket.destroy());
    const m = /^\/websocket\/([A-Za-z0-9_-]+)(?:[/?]|$)/.exec(req.url ?? '');
    if (!m) return refuseUpgrade(socket);
    const redeemed = this.options.tickets.redeem(m[1]);
    this.options.observer?.onUpgrade?.(m[1], typeof redeemed === 'string' ? redeemed : 'accepted');
    if (typeof redeemed === 'string' && this.options.behaviour.refusedUrl === 'handshake-404')
      return refuseUpgrade(socket);
    this.wss.handleUpgrade(req, socket, head, (ws) => {
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
      const { workspace, behaviour, maxMessageBytes, rateLimit, maxConnectionMs, goodbyeLeadMs, random, observer } =
        this.options;
      const connection = new Connection(ws, workspace, behaviour, {
        user: redeemed.user,
        batchPresenceAware: redeemed.batchPresenceAware,
        queued: redeemed.queued,
        maxMessageBytes,
        rateLimit,
        maxConnectionMs,
        goodbyeLeadMs,
        random,
        token: redeemed.token,
        observer,
      });
      this.connections.add(connection);
      ws.on('close', () => {
        this.connections.delete(connection);
        observer?.onClose?.(connection);
      });
      observer?.onConnection?.(connection);
      connection.start();
    });
  }

  connectionCount(): number {
    return this.wss.clients.size;
  }

  goodbyeAll(): void {
    for (const c of this.connections) c.goodbye();
  }

  /** Drops every connection at once, as a network failure would. */
  dropAll(): void {
    for (const ws of this.wss.clients) ws.terminate();
  }

  /** Closes every connection with 1001 and stops accepting. */
  closeAll(): void {
    for (const ws of this.wss.clients) ws.close(1001, 'server shutting down');
    this.wss.close();
  }
}

function refuseUpgrade(socket: Duplex): void {
  socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
}
