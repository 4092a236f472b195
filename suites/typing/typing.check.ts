import { defineCheck } from '../../harness/check/check.js';
import { demand, show } from '../../harness/check/violation.js';
import type { RtmFrame } from '../../harness/protocol/frames.js';
import { REQUIRES } from '../../harness/protocol/requirements.js';

const clause =
  'Unless there is an error the server will not send a reply, but it will send a "user_typing" event to all workspace members in the channel.';
const source = 'https://api.slack.com/legacy/rtm#typing-indicators';

/** What arrived claiming to be user_typing but was not well formed, for the failure's message. */
function malformed(reads: RtmFrame[]): string {
  const bad = reads.find((r) => r.kind === 'malformed' && r.claimed === 'user_typing');
  return bad?.kind === 'malformed' ? ` (a malformed user_typing came: ${bad.problem})` : '';
}

export default [
  defineCheck({
    id: 'typing.no-reply',
    suite: 'typing',
    level: 'MUST',
    title: 'a successful typing indicator gets no reply',
    clause,
    source,
    sends: '{"id":N,"type":"typing","channel":C}, then a ping, and waits the quiet time after its pong.',
    requires: 'a pong (the connection answers), and no frame with reply_to N.',
    behaviours: [
      { says: 'Unless there is an error the server will not send a reply', requirement: REQUIRES.noReplyToTyping },
      {
        says: 'but it will send a "user_typing" event to all workspace members in the channel.',
        notChecked: 'checked by typing.user-typing-to-members',
      },
    ],
    premises: ['hello', 'pong'],
    needs: { tokens: 1, connections: 1, rtmConnects: 1 },
    async run(ctx) {
      const { socket } = await ctx.shared(0);
      const since = socket.position;
      const id = socket.send({ type: 'typing', channel: ctx.channel });
      // A ping behind the typing: its pong shows the connection was answering, so the silence about typing means something.
      const { reply: pong } = await socket.request({ type: 'ping' }, ctx.timeouts.replyMs);
      if (typeof pong === 'object' && pong.type === 'pong') ctx.saw('pong');
      const reply = await socket.nextFrame((f) => f.reply_to === id, ctx.timeouts.quietMs, since);
      demand(
        reply === 'timeout',
        REQUIRES.noReplyToTyping,
        typeof reply === 'object'
          ? `${show(reply)} within ${ctx.timeouts.quietMs} ms of typing id ${id}`
          : 'the connection closed',
      );
      return { kind: 'held', message: `no reply within ${ctx.timeouts.quietMs} ms of the pong that followed` };
    },
  }),
  defineCheck({
    id: 'typing.user-typing-to-members',
    suite: 'typing',
    level: 'MUST',
    title: 'the other members of the channel get user_typing {channel, user}',
    clause,
    source,
    sends: 'typing from the first user to the channel, while the second user is connected.',
    requires:
      'the second user gets {"type":"user_typing","channel":C,"user":<first user id>} within the reply timeout.',
    behaviours: [
      { says: 'Unless there is an error the server will not send a reply', notChecked: 'checked by typing.no-reply' },
      {
        says: 'but it will send a "user_typing" event to all workspace members in the channel.',
        requirement: REQUIRES.userTypingToMembers,
      },
    ],
    premises: ['hello', 'broadcast'],
    needs: { tokens: 2, connections: 2, rtmConnects: 2 },
    async run(ctx) {
      const typist = await ctx.shared(0, 'typist');
      const watcher = await ctx.shared(1, 'watcher');
      const since = watcher.socket.position;
      typist.socket.send({ type: 'typing', channel: ctx.channel });
      // Read typed: a user_typing without its channel and user (as the page describes it) is no user_typing at all.
      const event = await watcher.socket.nextOf('user_typing', ctx.timeouts.replyMs, since);
      demand(
        typeof event === 'object',
        REQUIRES.userTypingToMembers,
        () => `${event} after ${ctx.timeouts.replyMs} ms${malformed(watcher.socket.readsSince(since))}`,
      );
      demand(
        event.channel === ctx.channel && event.user === typist.connect.self.id,
        REQUIRES.userTypingNames,
        `${show(event)} for channel ${ctx.channel}, user ${typist.connect.self.id}`,
      );
      ctx.saw('broadcast');
      return { kind: 'held' };
    },
  }),
];
