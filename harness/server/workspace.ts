import type { Fixture, FixtureChannel, FixtureUser } from './fixture.js';
import type { TicketBook } from './tickets.js';
import { TsClock } from './ts-clock.js';
import { formatTs } from '../protocol/ts.js';

/** What the workspace needs of a live connection to deliver events to it. */
export interface Deliverable {
  readonly user: FixtureUser;
  deliver(event: Record<string, unknown>): void;
  /** Users this connection subscribed to with presence_sub. */
  readonly presenceSubscriptions: ReadonlySet<string>;
  readonly batchPresenceAware: boolean;
}

/**
 * The shared state of the fake workspace: who is connected, channel membership, per-channel ts clocks,
 * and event fan-out (including events queued for tickets not yet used, delivered after hello).
 */
export class Workspace {
  readonly usersByToken = new Map<string, FixtureUser>();
  readonly usersById = new Map<string, FixtureUser>();
  readonly channels = new Map<string, FixtureChannel>();
  private readonly connections = new Set<Deliverable>();
  private readonly clocks = new Map<string, TsClock>();
  /** Per-user ids seen, for the `global-ids` fault only; bounded. */
  private readonly idsByUser = new Map<string, Set<number>>();

  constructor(
    readonly fixture: Fixture,
    private readonly tickets: TicketBook,
    private readonly presenceToSubscribersOnly = true,
    /** False for the never-broadcasts degenerate target: presence changes are announced to nobody. */
    private readonly broadcast = true,
  ) {
    for (const user of fixture.users) {
      this.usersByToken.set(user.token, user);
      this.usersById.set(user.id, user);
    }
    for (const channel of fixture.channels) this.channels.set(channel.id, channel);
  }

  clockFor(channelId: string): TsClock {
    let clock = this.clocks.get(channelId);
    if (!clock) {
      clock = new TsClock();
      this.clocks.set(channelId, clock);
    }
    return clock;
  }

  /** Records an id for a user; true when the user already used it on any connection. */
  idSeenBefore(userId: string, id: number): boolean {
    let ids = this.idsByUser.get(userId);
    if (!ids || ids.size > 100_000) {
      ids = new Set();
      this.idsByUser.set(userId, ids);
    }
    if (ids.has(id)) return true;
    ids.add(id);
    return false;
  }

  presenceOf(userId: string): 'active' | 'away' {
    for (const c of this.connections) if (c.user.id === userId) return 'active';
    return 'away';
  }

  add(conn: Deliverable): void {
    const wasActive = this.presenceOf(conn.user.id) === 'active';
    this.connections.add(conn);
    if (!wasActive) this.announcePresence(conn.user.id, 'active');
  }

  remove(conn: Deliverable): void {
    if (!this.connections.delete(conn)) return;
    if (this.presenceOf(conn.user.id) === 'away') this.announcePresence(conn.user.id, 'away');
  }

  /** A message from a user without a connection (client mode's helper): delivered and queued like any other. */
  post(channelId: string, userId: string, text: string): string {
    const event = this.messageEvent(channelId, userId, text);
    this.toChannel(channelId, event, { user: this.usersById.get(userId)! });
    return event.ts as string;
  }

  /** A message event with the channel's next ts, delivered nowhere yet (client mode hands it to one connection). */
  messageEvent(channelId: string, userId: string, text: string): Record<string, unknown> {
    if (!this.usersById.has(userId) || !this.channels.has(channelId))
      throw new Error(`post: no user ${userId} or channel ${channelId}`);
    const { sec, seq } = this.clockFor(channelId).next();
    const team = this.fixture.team.id;
    return { type: 'message', channel: channelId, user: userId, text, ts: formatTs(sec, seq), team, source_team: team };
  }

  /** Sends an event to every connection of every member of the channel except `except`. */
  toChannel(channelId: string, event: Record<string, unknown>, except: Pick<Deliverable, 'user'>): void {
    const channel = this.channels.get(channelId);
    if (!channel) return;
    const members = new Set(channel.members);
    for (const c of this.connections)
      if (c !== except && c.user.id !== except.user.id && members.has(c.user.id)) c.deliver(event);
    for (const member of members) if (member !== except.user.id) this.tickets.queueFor(member, event);
  }

  private announcePresence(userId: string, presence: 'active' | 'away'): void {
    if (!this.broadcast) return;
    for (const c of this.connections) {
      if (this.presenceToSubscribersOnly && !c.presenceSubscriptions.has(userId)) continue;
      c.deliver(presenceEvent([userId], presence, c.batchPresenceAware)[0]);
    }
  }
}

/** presence_change in the single form, or the batch form (`users: [...]`) for batch-aware connections. */
export function presenceEvent(userIds: string[], presence: string, batch: boolean): Record<string, unknown>[] {
  if (batch) return [{ type: 'presence_change', users: userIds, presence }];
  return userIds.map((user) => ({ type: 'presence_change', user, presence }));
}
