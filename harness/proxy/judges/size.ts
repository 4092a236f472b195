import { MAX_MESSAGE_BYTES } from '../../protocol/frame-size.js';
import { REQUIRES } from '../../protocol/requirements.js';
import { demand, show } from '../../check/violation.js';
import { correlate } from './correlation.js';
import { type JudgeSpec, unexercised } from './judge.js';

/** size.over-limit-disconnects and size.observed-limit, from the frames the client happened to send. */
export const sizeJudges: JudgeSpec[] = [
  {
    sameAs: 'size.over-limit-disconnects',
    side: 'server',
    requires: `a frame over ${MAX_MESSAGE_BYTES} bytes from the client is answered by a disconnect, never a reply.`,
    premises: [],
    run(ctx) {
      const timeout = ctx.traffic.settings.replyTimeoutMs;
      let judged = 0;
      for (const c of correlate(ctx.traffic)) {
        const big = [...c.sent.values()].find((s) => s.frame.bytes > MAX_MESSAGE_BYTES);
        if (!big) continue;
        const end = c.connection.closed?.t ?? ctx.traffic.endedAt;
        const replied = c.replies.get(big.id)?.[0];
        if (!replied && c.connection.closed?.by !== 'server' && end - big.frame.t < timeout) continue;
        demand(!replied && c.connection.closed?.by === 'server', REQUIRES.overLimitDisconnects, () =>
          replied
            ? `a reply to the ${big.frame.bytes}-byte frame (id ${big.id}): ${show(replied.raw, 200)}`
            : `connection ${c.connection.conn} still open ${timeout} ms after a ${big.frame.bytes}-byte frame`,
        );
        ctx.saw('over-limit frames');
        judged += 1;
      }
      if (judged === 0) return unexercised(`the client sent no frame over ${MAX_MESSAGE_BYTES} bytes`);
      return { kind: 'held', message: 'disconnected after each frame over the limit' };
    },
  },
  {
    sameAs: 'size.observed-limit',
    side: 'server',
    requires:
      'nothing: the largest client frame acknowledged with ok:true, and the smallest one the server disconnected for, are recorded.',
    premises: [],
    run(ctx) {
      let accepted = 0;
      let refused = Number.POSITIVE_INFINITY;
      for (const c of correlate(ctx.traffic)) {
        const fromClient = c.connection.frames.filter((f) => f.dir === 'client->server');
        const last = fromClient[fromClient.length - 1];
        for (const s of c.sent.values()) {
          if (c.replies.get(s.id)?.[0]?.raw?.ok === true) accepted = Math.max(accepted, s.frame.bytes);
          else if (c.connection.closed?.by === 'server' && !c.replies.has(s.id) && s.frame === last)
            refused = Math.min(refused, s.frame.bytes);
        }
      }
      if (accepted === 0 && refused === Number.POSITIVE_INFINITY)
        return unexercised('no frame of the client was acknowledged, and none ended in a disconnect');
      const parts = [
        accepted > 0 ? `largest frame acknowledged: ${accepted} bytes` : 'no frame acknowledged',
        refused < Number.POSITIVE_INFINITY
          ? `a ${refused}-byte frame was the last before the server disconnected`
          : 'no disconnect after a frame',
      ];
      return { kind: 'observed', message: `${parts.join('; ')} (the traffic's own sizes, not a bisection)` };
    },
  },
];
