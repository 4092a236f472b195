import { defineCheck } from '../../harness/check/check.js';
import type { CheckContext } from '../../harness/check/server-context.js';
import { demand, show } from '../../harness/check/violation.js';
import type { Frame, RtmSocket } from '../../harness/check/server-context.js';
import { REQUIRES } from '../../harness/protocol/requirements.js';

/** Users a presence_change frame is about, in either shape (single `user`, batch `users`). */
function usersOf(f: Frame): string[] {
  if (f.type !== 'presence_change') return [];
  if (Array.isArray(f.users)) return f.users.filter((u): u is string => typeof u === 'string');
  return typeof f.user === 'string' ? [f.user] : [];
}

/** Subscribes, then collects presence_change users until a ping round trip and the quiet time have passed. */
async function subscribe(ctx: CheckContext, socket: RtmSocket, ids: string[]): Promise<string[]> {
  const since = socket.position;
  socket.send({ type: 'presence_sub', ids });
  await pingRoundTrip(ctx, socket);
  return socket.framesSince(since).flatMap(usersOf);
}

/** A ping and its pong, then the quiet time: what was going to arrive has arrived. */
async function pingRoundTrip(ctx: CheckContext, socket: RtmSocket): Promise<void> {
  const { reply } = await socket.request({ type: 'ping' }, ctx.timeouts.replyMs);
  demand(typeof reply === 'object' && reply.type === 'pong', REQUIRES.pongBoundsWait, show(reply));
  ctx.saw('pong');
  await socket.next(() => false, ctx.timeouts.quietMs, socket.position);
}

const subReplaces = defineCheck({
  id: 'presence.sub-replaces',
  suite: 'presence',
  level: 'MUST',
  title: 'presence_sub replaces the subscription and reports the newly added users only',
  clause:
    'All subscription requests require the entire subscription list each invocation. [...] Users that were already present in the subscription will not emit an event until their presence status changes.',
  source: 'https://api.slack.com/events/presence_sub; https://api.slack.com/legacy/rtm#presence',
  sends: 'presence_sub [second user], then [] (dropping them), then [second user] again.',
  requires:
    'a presence_change for the second user after the first and the third presence_sub (newly added both times), none after the second.',
  behaviours: [
    {
      says: 'All subscription requests require the entire subscription list each invocation.',
      requirement: REQUIRES.subscriptionReplaced,
    },
    {
      says: 'Users that were already present in the subscription will not emit an event until their presence status changes.',
      notChecked:
        'not checked yet: it needs a user kept in the subscription across a re-subscription whose status then changes on demand; the harness owns no such user on a real target',
    },
  ],
  premises: ['hello', 'pong', 'presence'],
  needs: { tokens: 2, connections: 2, rtmConnects: 2 },
  async run(ctx) {
    const { socket } = await ctx.shared(0, 'subscriber');
    const other = await ctx.shared(1, 'other');
    const user = other.connect.self.id;
    const first = await subscribe(ctx, socket, [user]);
    demand(
      first.includes(user),
      REQUIRES.presenceOnSubscribe,
      `presence_change users after subscribing to ${user}: ${show(first)}`,
    );
    ctx.saw('presence');
    const emptied = await subscribe(ctx, socket, []);
    demand(!emptied.includes(user), REQUIRES.noPresenceAfterUnsubscribe, `${user} in ${show(emptied)}`);
    const again = await subscribe(ctx, socket, [user]);
    demand(
      again.includes(user),
      REQUIRES.subscriptionReplaced,
      `presence_change users after adding ${user} again: ${show(again)}`,
    );
    ctx.saw('presence');
    return { kind: 'held' };
  },
});

const onlySubscribed = defineCheck({
  id: 'presence.only-subscribed',
  suite: 'presence',
  level: 'MUST',
  title: 'presence_change arrives only for subscribed users',
  clause:
    'RTM API Presence is now only available via subscription. As of January 2018, presence_change events are not dispatched without presence subscriptions established with presence_sub.',
  source: 'https://api.slack.com/legacy/rtm#presence; https://api.slack.com/events/presence_sub',
  sends:
    "presence_sub [] (nobody); the last token's user connects, disconnects and connects again; then presence_sub [that user] and it disconnects.",
  requires:
    'no presence_change about that user while unsubscribed; once subscribed, its disconnect is announced (the evidence that the silence meant something).',
  behaviours: [
    { says: 'RTM API Presence is now only available via subscription.', requirement: REQUIRES.noPresenceUnsubscribed },
    {
      says: 'As of January 2018, presence_change events are not dispatched without presence subscriptions established with presence_sub.',
      requirement: REQUIRES.noPresenceUnsubscribed,
    },
  ],
  premises: ['hello', 'pong', 'broadcast'],
  // The user whose presence it judges is its own while it runs: another check's connection would keep them present.
  needs: { tokens: 2, connections: 3, rtmConnects: 3, owns: [-1] },
  async run(ctx) {
    const { socket } = await ctx.shared(0, 'subscriber');
    await subscribe(ctx, socket, []);
    const since = socket.position;
    // The last token's user: the one other checks leave alone, so its presence really changes.
    const last = ctx.users - 1;
    const other = await ctx.connect(last, 'other');
    demand(
      await ctx.awaitHello(other.socket),
      REQUIRES.helloOnFreshConnection,
      "no hello on the other user's connection",
    );
    const user = other.connect.self.id;
    other.socket.close();
    await other.socket.waitClosed(ctx.timeouts.closeMs);
    const back = await ctx.connect(last, 'other-again');
    demand(
      await ctx.awaitHello(back.socket),
      REQUIRES.helloOnFreshConnection,
      "no hello on the other user's connection",
    );
    await pingRoundTrip(ctx, socket);
    const leaked = socket.framesSince(since).filter((f) => usersOf(f).includes(user));
    demand(leaked.length === 0, REQUIRES.noPresenceUnsubscribed, () => `about ${user}: ${show(leaked[0])}`);
    // The contrast that makes the silence mean something: subscribed, the same change is announced.
    await subscribe(ctx, socket, [user]);
    const subscribedSince = socket.position;
    back.socket.close();
    const announced = await socket.nextFrame((f) => usersOf(f).includes(user), ctx.timeouts.replyMs, subscribedSince);
    if (typeof announced === 'object') ctx.saw('broadcast');
    return { kind: 'held', message: `no leak about ${user} while unsubscribed` };
  },
});

export default [subReplaces, onlySubscribed];
