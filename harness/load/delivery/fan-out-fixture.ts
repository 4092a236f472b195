import type { Fixture } from '../../server/fixture.js';

/** `--members M --channels K`: the shape of a fan-out load, and the bounds that keep its fixture small. */
export interface FanOut {
  members: number;
  channels: number;
}

export const FAN_OUT_BOUNDS = { maxMembers: 1000, maxChannels: 100 } as const;

/**
 * Users in no channel, for the idle connections beside a fan-out load (`--connections` above `--members`): the server
 * fans a message out to its channel's members only, so these receive none of the load's messages and the fan-out
 * stays M. Idle connection k uses idle user k mod IDLE_USERS (a user may hold many connections).
 */
export const IDLE_USERS = 16;

/** The idle users' tokens: the user ids start UIDLE (see fanOutFixture). */
export function idleTokensOf(fixture: Fixture): string[] {
  return fixture.users.filter((u) => u.id.startsWith('UIDLE')).map((u) => u.token);
}

/** The generated channels' ids, in the order senders post to them round robin (message i to channel i mod K). */
export function fanOutChannelIds(fanOut: FanOut): string[] {
  return Array.from({ length: fanOut.channels }, (_, k) => `CFAN${String(k).padStart(5, '0')}`);
}

/**
 * A workspace for a fan-out load: M users, each a member of every one of the K channels, one token each.
 * Each user holds one connection, so a message reaches the M − 1 other members (the server never echoes a
 * message to its sender's user). Every channel has the same members: a delivery's expected count does not
 * depend on which channel a message went to. IDLE_USERS more users, members of no channel, for idle connections.
 */
export function fanOutFixture(fanOut: FanOut): Fixture {
  const users = Array.from({ length: fanOut.members }, (_, k) => {
    const n = String(k).padStart(5, '0');
    return { id: `UFAN${n}`, name: `member${n}`, token: `xoxp-fan-${n}-reference`, deactivated: false };
  });
  const members = users.map((u) => u.id);
  const idle = Array.from({ length: IDLE_USERS }, (_, k) => {
    const n = String(k).padStart(5, '0');
    return { id: `UIDLE${n}`, name: `idle${n}`, token: `xoxp-idle-${n}-reference`, deactivated: false };
  });
  return {
    team: { id: 'T0RTMCONF', name: 'rtm-conformance', domain: 'rtm-conformance' },
    users: [...users, ...idle],
    channels: fanOutChannelIds(fanOut).map((id, k) => ({ id, name: `fan-out-${k}`, members })),
  };
}
