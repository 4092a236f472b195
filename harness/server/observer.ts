import type { Connection } from './connection.js';
import type { Ticket, TicketRefusal } from './tickets.js';

/** An answer the Web API gives instead of the real one (client mode's outages: 429, 500, ok:false). */
export interface CannedAnswer {
  status: number;
  body: Record<string, unknown>;
  retryAfterSec?: number;
}

/**
 * What client mode watches and steers on the reference server. Every hook is optional and synchronous; a
 * server without an observer behaves exactly as before.
 */
export interface ServerObserver {
  /** An rtm.connect or rtm.start call; a returned answer replaces the real one. */
  onConnectCall?(call: { method: string; token: string | undefined }): CannedAnswer | undefined;
  /** rtm.connect handed out this ticket (a socket URL). */
  onTicketIssued?(ticket: Ticket): void;
  /** A socket URL was used: the ticket id, and whether it was accepted or why it was refused. */
  onUpgrade?(ticketId: string, outcome: 'accepted' | TicketRefusal): void;
  /** A connection passed the upgrade and is about to say hello. */
  onConnection?(connection: Connection): void;
  /** A frame from a client, as received (before any rule of the server applies to it). */
  onClientFrame?(connection: Connection, frame: { text: string; bytes: number; binary: boolean }): void;
  /** A WebSocket-level ping from a client. */
  onClientPing?(connection: Connection): void;
  /** A connection ended. */
  onClose?(connection: Connection): void;
}
