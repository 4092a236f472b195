import { readFrame } from '../../protocol/frames.js';
import { REQUIRES } from '../../protocol/requirements.js';
import { isRateLimited, shown, verifyAck, verifyErrorReply, verifyReply } from '../../check/verify.js';
import { demand, show } from '../../check/violation.js';
import { correlate, noReplyTo, unanswered } from './correlation.js';
import { type JudgeSpec, unexercised } from './judge.js';

/** reply.correlates and ids.replies-name-sent-ids, from the traffic: every id answered once, by its reply_to. */
export const replyJudges: JudgeSpec[] = [
  {
    sameAs: 'reply.correlates',
    side: 'server',
    requires:
      'every message the client sent is answered once within the reply timeout, by a reply naming its id; boolean ok; ok:true carries a string ts and the text; ok:false carries error {code, msg}.',
    premises: ['hello', 'reply'],
    run(ctx) {
      const timeout = ctx.traffic.settings.replyTimeoutMs;
      let judged = 0;
      for (const c of correlate(ctx.traffic)) {
        if (c.hello) ctx.saw('hello');
        demand(
          c.strays.length === 0,
          REQUIRES.noStrayReplies,
          () => `reply ${show(c.strays[0].raw)} on connection ${c.connection.conn}, naming no id sent before it`,
        );
        const missing = unanswered(c, ['message']);
        demand(missing.length === 0, REQUIRES.replyToEveryMessage, () => noReplyTo(c, missing, timeout));
        for (const s of c.sent.values()) {
          if (s.type !== 'message') continue;
          const replies = c.replies.get(s.id) ?? [];
          if (replies.length === 0) continue;
          demand(
            replies.length === 1,
            REQUIRES.exactlyOneReply,
            () => `${replies.length} replies to id ${s.id}: ${replies.map((r) => show(r.raw, 120)).join(' ')}`,
          );
          const reply = readFrame(replies[0].raw!);
          const kind = verifyReply(reply, s.id);
          ctx.saw('reply');
          judged += 1;
          if (isRateLimited(reply)) continue;
          if (kind === 'ack') {
            ctx.saw('ok-reply');
            if (typeof s.frame.raw?.text === 'string') {
              verifyAck(reply, s.frame.raw.text);
              ctx.saw('ts');
              ctx.saw('texts compared');
            }
          } else verifyErrorReply(reply);
        }
      }
      if (judged === 0) return unexercised('no message the client sent got a reply to judge');
      return { kind: 'held', message: 'every message answered once, by its id' };
    },
  },
  {
    sameAs: 'ids.replies-name-sent-ids',
    side: 'server',
    requires:
      'every reply_to names an id sent on that connection before it, and each message and ping is answered once.',
    premises: ['hello', 'reply'],
    run(ctx) {
      const timeout = ctx.traffic.settings.replyTimeoutMs;
      let answered = 0;
      for (const c of correlate(ctx.traffic)) {
        if (c.hello) ctx.saw('hello');
        // An id left without its reply first, then the reply that named another id: the one fault seen from both ends,
        // reported as `run` reports it for this clause (its pipelined windows leave no stray, only the unanswered id).
        const missing = unanswered(c, ['message', 'ping']);
        demand(missing.length === 0, REQUIRES.everyIdAnswered, () => noReplyTo(c, missing, timeout));
        demand(
          c.strays.length === 0,
          REQUIRES.noStrayReplies,
          () =>
            `reply_to ${show(c.strays[0].raw?.reply_to)} in ${show(c.strays[0].raw)} on connection ${c.connection.conn}`,
        );
        for (const [id, replies] of c.replies) {
          demand(
            replies.length === 1,
            REQUIRES.exactlyOneReply,
            () =>
              `${replies.length} replies to id ${id}: ${replies.map((r) => shown(readFrame(r.raw!), 100)).join(' ')}`,
          );
          answered += 1;
        }
      }
      ctx.saw('reply', answered);
      if (answered === 0) return unexercised('no id the client sent got a reply');
      return { kind: 'held', message: 'every id answered once' };
    },
  },
];
