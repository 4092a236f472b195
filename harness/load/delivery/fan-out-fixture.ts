import type { Fixture } from '../../server/fixture.js';

/** `--members M --channels K`: the shape of a fan-out load, and the bounds that keep its fixture small. */
export interface FanOut {
  members: number;
  channels: number;
}

export const FAN_OUT_BOUNDS = { maxMembers: 1000, maxChannels: 100 } as const;

/** The generated channels' ids, in the order senders post to them round robin (message i to channel i mod K). */
export function fanOutChannelIds(fanOut: FanOut): string[] {
  return Array.from({ length: fanOut.channels }, (_, k) => `CFAN${String(k).padStart(5, '0')}`);
}

/**
 * A workspace for a fan-out load: M users, each a member of every one of the K channels, one token each.
 * Each user holds one connection, so a message reaches the M − 1 other members (the server never echoes a
 * message to its sender's user). Every channel has the same members: a delivery's expected count does not
 * depend on which channel a message went to.
 */
export function fanOutFixture(fanOut: FanOut): Fixture {
  const users = Array.from({ length: fanOut.members }, (_, k) => {
    const n = String(k).padStart(5, '0');
    return { id: `UFAN${n}`, name: `member${n}`, token: `xoxp-fan-${n}-reference`, deactivated: false };
  });
  const members = users.map((u) => u.id);
  return {
    team: { id: 'T0RTMCONF', name: 'rtm-conformance', domain: 'rtm-conformance' },
    users,
    channels: fanOutChannelIds(fanOut).map((id, k) => ({ id, name: `fan-out-${k}`, members })),
  };
}
