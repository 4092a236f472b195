import { randomBytes } from 'node:crypto';
import type { FixtureUser } from './fixture.js';

/** Why a socket URL was refused. The server answers all three the same way, as Slack does (code 1). */
export type TicketRefusal = 'unknown' | 'expired' | 'used';

export interface Ticket {
  readonly id: string;
  readonly user: FixtureUser;
  readonly issuedAt: number;
  readonly batchPresenceAware: boolean;
  used: boolean;
  /** The token rtm.connect was called with (Grid: one user, a token per workspace). */
  readonly token: string;
  /** Refused as expired whatever its age (client mode hands out URLs that are dead on arrival). */
  expiredByForce?: boolean;
  /** Events for this user that happened between rtm.connect and the connection, delivered after hello. */
  readonly queued: object[];
}

export interface TicketBookOptions {
  ttlMs: number;
  /** Fault switches: a conforming server consumes and expires every ticket. */
  consume: boolean;
  expire: boolean;
  /** Bound on the events kept for a ticket not yet used, and on live tickets. */
  maxQueued?: number;
  maxTickets?: number;
}

/** Single-use, short-lived socket tickets: the path segment of the URL rtm.connect hands out. */
export class TicketBook {
  private readonly tickets = new Map<string, Ticket>();
  private readonly maxQueued: number;
  private readonly maxTickets: number;

  constructor(private readonly options: TicketBookOptions) {
    this.maxQueued = options.maxQueued ?? 1000;
    this.maxTickets = options.maxTickets ?? 10_000;
  }

  issue(user: FixtureUser, batchPresenceAware: boolean, token = ''): Ticket {
    this.sweep();
    if (this.tickets.size >= this.maxTickets) {
      const oldest = this.tickets.keys().next().value;
      if (oldest !== undefined) this.tickets.delete(oldest);
    }
    const ticket: Ticket = {
      id: randomBytes(18).toString('base64url'),
      user,
      issuedAt: performance.now(),
      batchPresenceAware,
      used: false,
      token,
      queued: [],
    };
    this.tickets.set(ticket.id, ticket);
    return ticket;
  }

  /** Redeems a ticket: the ticket, or why it is refused. */
  redeem(id: string): Ticket | TicketRefusal {
    const ticket = this.tickets.get(id);
    if (!ticket) return 'unknown';
    if (ticket.expiredByForce || (this.options.expire && performance.now() - ticket.issuedAt > this.options.ttlMs))
      return 'expired';
    if (ticket.used && this.options.consume) return 'used';
    ticket.used = true;
    return ticket;
  }

  /** The tickets still remembered (for tests that look for leaks). */
  ids(): string[] {
    return [...this.tickets.keys()];
  }

  /** Queues an event for every unused, live ticket of this user. */
  queueFor(userId: string, event: object): void {
    for (const ticket of this.tickets.values()) {
      if (!ticket.used && ticket.user.id === userId && ticket.queued.length < this.maxQueued) ticket.queued.push(event);
    }
  }

  /** Forgets tickets that can no longer be redeemed (kept a while so reuse is still answered as "expired"). */
  private sweep(): void {
    const horizon = performance.now() - Math.max(this.options.ttlMs * 4, 120_000);
    for (const [id, ticket] of this.tickets) {
      if (ticket.issuedAt < horizon) this.tickets.delete(id);
      else break;
    }
  }
}
