import { readFrame } from '../../protocol/frames.js';
import { REQUIRES } from '../../protocol/requirements.js';
import { verifyPong } from '../../check/verify.js';
import { demand, show } from '../../check/violation.js';
import { type Correlation, correlate } from './correlation.js';
import { type JudgeSpec, unexercised } from './judge.js';

const isBare = (raw: Record<string, unknown>) => Object.keys(raw).every((k) => k === 'id' || k === 'type');

/** The client's RTM pings, bare or with arguments, that were due a pong, each with its first reply. */
function pings(all: Correlation[], bare: boolean) {
  return all.flatMap((c) =>
    [...c.sent.values()]
      .filter((s) => s.type === 'ping' && isBare(s.frame.raw!) === bare && (s.due || c.replies.has(s.id)))
      .map((s) => ({ sent: s, reply: c.replies.get(s.id)?.[0], conn: c.connection.conn })),
  );
}

/** ping.bare-pong and ping.echoes-flat-args, from the client's own pings. */
export const pingJudges: JudgeSpec[] = [
  {
    sameAs: 'ping.bare-pong',
    side: 'server',
    requires: 'each bare ping the client sent is answered by {"type":"pong","reply_to":<id>} within the reply timeout.',
    premises: ['pong'],
    run(ctx) {
      const timeout = ctx.traffic.settings.replyTimeoutMs;
      const all = pings(correlate(ctx.traffic), true);
      if (all.length === 0) return unexercised('the client sent no bare RTM ping');
      for (const { sent, reply, conn } of all) {
        demand(
          reply !== undefined,
          REQUIRES.barePong,
          () => `no pong to ping id ${sent.id} on connection ${conn} within ${timeout} ms`,
        );
        verifyPong(readFrame(reply.raw!), sent.id, timeout);
        ctx.saw('pong');
      }
      return { kind: 'held', message: 'every bare ping was answered' };
    },
  },
  {
    sameAs: 'ping.echoes-flat-args',
    side: 'server',
    requires: 'each pong to a ping with flat arguments echoes every one of them, same value and JSON type.',
    premises: ['pong'],
    run(ctx) {
      const timeout = ctx.traffic.settings.replyTimeoutMs;
      const all = pings(correlate(ctx.traffic), false);
      if (all.length === 0) return unexercised('the client sent no RTM ping with arguments');
      for (const { sent, reply } of all) {
        const pong = verifyPong(reply ? readFrame(reply.raw!) : 'timeout', sent.id, timeout);
        ctx.saw('pong');
        for (const [key, value] of Object.entries(sent.frame.raw!)) {
          if (key === 'id' || key === 'type' || (value !== null && typeof value === 'object')) continue;
          demand(
            JSON.stringify(pong[key]) === JSON.stringify(value),
            REQUIRES.argumentsEchoed,
            () => `${key}: ${show(value)} sent, ${key in pong ? show(pong[key]) : 'missing'} in ${show(pong)}`,
          );
          ctx.saw('arguments compared');
        }
      }
      return { kind: 'held', message: 'every argument echoed' };
    },
  },
];
