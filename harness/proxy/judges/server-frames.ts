import { REQUIRES } from '../../protocol/requirements.js';
import { asciiBefore } from '../../protocol/ts.js';
import { demand, show } from '../../check/violation.js';
import { correlate } from './correlation.js';
import { type JudgeSpec, unexercised } from './judge.js';

/** An ok:true reply to a message: its channel, when it was sent and answered, its ts. */
interface Ack {
  channel: string;
  sentAt: number;
  ackAt: number;
  ts: unknown;
  conn: number;
  id: number;
}

/** connect.hello-first, ts.unique-and-ascending and errors.shape from the traffic. */
export const serverFrameJudges: JudgeSpec[] = [
  {
    sameAs: 'connect.hello-first',
    side: 'server',
    requires: 'the first frame the server sent on each relayed connection is {"type":"hello"}.',
    premises: ['hello'],
    otherwise: { hello: 'fail' },
    run(ctx) {
      let judged = 0;
      for (const c of ctx.traffic.connections) {
        const fromServer = c.frames.filter((f) => f.dir === 'server->client');
        const first = fromServer[0];
        if (!first) continue;
        // An error event and the server's close, nothing else: a refused URL (a used or expired one), not a connection.
        if (fromServer.length === 1 && first.raw?.type === 'error' && c.closed?.by === 'server') continue;
        judged += 1;
        demand(
          first.raw?.type === 'hello',
          REQUIRES.helloFirst,
          () =>
            `first frame on connection ${c.conn}: ${first.raw ? show(first.raw, 200) : `${first.bytes} bytes, not a JSON object`}`,
        );
        ctx.saw('hello');
      }
      if (judged === 0) return unexercised('no relayed connection received a frame from the server');
      return { kind: 'held', message: 'hello came first on every connection' };
    },
  },
  {
    sameAs: 'ts.unique-and-ascending',
    side: 'server',
    requires:
      'every ok:true reply to a message has a string ts, unique in its channel, after the ts of every message of that channel acknowledged before it was sent.',
    premises: ['ok-reply', 'ts'],
    run(ctx) {
      const acks: Ack[] = [];
      for (const c of correlate(ctx.traffic))
        for (const s of c.sent.values()) {
          const reply = c.replies.get(s.id)?.[0];
          if (s.type !== 'message' || reply?.raw?.ok !== true || typeof s.frame.raw?.channel !== 'string') continue;
          acks.push({
            channel: s.frame.raw.channel,
            sentAt: s.frame.t,
            ackAt: reply.t,
            ts: reply.raw.ts,
            conn: c.connection.conn,
            id: s.id,
          });
        }
      if (acks.length === 0) return unexercised('no message of the client was acknowledged with ok:true');
      ctx.saw('ok-reply', acks.length);
      for (const a of acks)
        demand(
          typeof a.ts === 'string',
          REQUIRES.tsAsString,
          () => `ts ${show(a.ts)} in the reply to id ${a.id} on connection ${a.conn}`,
        );
      const byChannel = new Map<string, Ack[]>();
      for (const a of acks) {
        const list = byChannel.get(a.channel);
        if (list) list.push(a);
        else byChannel.set(a.channel, [a]);
      }
      for (const [channel, list] of byChannel) {
        const seen = new Map<string, Ack>();
        for (const a of list) {
          const other = seen.get(a.ts as string);
          demand(
            !other,
            REQUIRES.tsUniqueInChannel,
            () =>
              `ts ${a.ts} twice in ${channel}: id ${other!.id} on connection ${other!.conn} and id ${a.id} on connection ${a.conn}`,
          );
          seen.set(a.ts as string, a);
        }
        // Causal order: a message sent after another's ack was received comes later in the channel.
        const byAck = [...list].sort((x, y) => x.ackAt - y.ackAt);
        const bySent = [...list].sort((x, y) => x.sentAt - y.sentAt);
        let i = 0;
        let latest: Ack | undefined;
        for (const b of bySent) {
          for (; i < byAck.length && byAck[i].ackAt < b.sentAt; i++)
            if (!latest || asciiBefore(latest.ts as string, byAck[i].ts as string)) latest = byAck[i];
          if (!latest) continue;
          demand(
            asciiBefore(latest.ts as string, b.ts as string),
            REQUIRES.tsAscending,
            () =>
              `ts ${b.ts} (id ${b.id}, connection ${b.conn}) not after ${latest!.ts} (id ${latest!.id}, connection ${latest!.conn}), acknowledged before it was sent, in ${channel}`,
          );
          ctx.saw('ts');
        }
      }
      return { kind: 'held', message: `${byChannel.size} channel(s)` };
    },
  },
  {
    sameAs: 'errors.shape',
    side: 'server',
    requires: 'every ok:false reply and every error event the server sent carries error {code: integer, msg: string}.',
    premises: ['error-reply'],
    run(ctx) {
      let judged = 0;
      for (const c of ctx.traffic.connections)
        for (const f of c.frames) {
          if (f.dir !== 'server->client' || !f.raw || (f.raw.ok !== false && f.raw.type !== 'error')) continue;
          const error = f.raw.error as Record<string, unknown> | undefined;
          demand(
            Number.isInteger(error?.code) && typeof error?.msg === 'string',
            REQUIRES.errorObjectShape,
            () => `${show(f.raw)} on connection ${c.conn}`,
          );
          ctx.saw('error-reply');
          judged += 1;
        }
      if (judged === 0) return unexercised('the server sent no ok:false reply and no error event');
      return { kind: 'held', message: 'every error well formed' };
    },
  },
];
