import fc from 'fast-check';
import { defineCheck } from '../../harness/check/check.js';
import { checkProperty } from '../../harness/check/property.js';
import { demand, show } from '../../harness/check/violation.js';
import { SLACK_TS_SHAPE, asciiBefore, isTs } from '../../harness/protocol/ts.js';
import type { RtmSocket } from '../../harness/check/server-context.js';
import { REQUIRES } from '../../harness/protocol/requirements.js';

const clause =
  'In the case of a reply to a chat message, if successful, the reply will contain the canonical recorded timestamp of the message. All messages within a single channel are guaranteed to have a unique timestamp which is ASCII sortable. Given the precision of the timestamp, clients should treat these timestamps as strings, not floats/doubles.';

export default [
  defineCheck({
    id: 'ts.unique-and-ascending',
    behaviours: [
      {
        says: 'In the case of a reply to a chat message, if successful, the reply will contain the canonical recorded timestamp of the message.',
        notChecked: 'checked by ts.ack-is-canonical',
      },
      {
        says: 'All messages within a single channel are guaranteed to have a unique timestamp',
        requirement: REQUIRES.tsUniqueInChannel,
      },
      { says: 'which is ASCII sortable.', requirement: REQUIRES.tsAscending },
      {
        says: 'Given the precision of the timestamp, clients should treat these timestamps as strings, not floats/doubles.',
        requirement: REQUIRES.tsAsString,
      },
    ],
    suite: 'ts',
    level: 'MUST',
    title:
      'ts is a string, unique in the channel across connections and users, ascending in ASCII order per connection',
    clause,
    source: 'https://api.slack.com/legacy/rtm#handling-responses',
    sends:
      'bursts of messages to one channel from two connections (two users when a second token is given), interleaved.',
    requires:
      'every ok:true reply has a string ts; no two equal in the channel; the ts values increase as strings along each connection, and from one burst to the next across connections.',
    premises: ['hello', 'ok-reply', 'ts'],
    // The channel is its own while it runs: another check's messages would take the sequence numbers in between,
    // and the width changes (9 to 10, 99 to 100) where ASCII order breaks could fall between this check's acks.
    needs: { tokens: 1, connections: 2, rtmConnects: 2, channel: 'owns' },
    async run(ctx) {
      const channel = ctx.channel!;
      const second = ctx.users > 1 ? 1 : 0;
      const seen = new Map<string, string>();
      // The last ts along each connection, across cases: order holds over the whole run, not just one burst.
      const last = new Map<RtmSocket, string>();
      // The greatest ts acked in earlier cases: every message of a later case was sent after it was acked, so the
      // channel's order puts it after, whichever connection or user it came from.
      let earlier: string | undefined;
      return checkProperty(
        ctx,
        // At least 20 messages a case, pipelined: one second holds 10 of them however the second falls, and ASCII
        // order breaks where the width of a sequence changes (9 to 10), so a case can meet it.
        fc.tuple(fc.integer({ min: 10, max: 15 }), fc.integer({ min: 10, max: 15 })),
        async ([na, nb]) => {
          const a = await ctx.shared(0, 'a');
          const b = await ctx.shared(second, 'b');
          const burst = (n: number, who: string) =>
            Array.from({ length: n }, (_, i) => ({ type: 'message', channel, text: `${who}${i}` }));
          const windows = await Promise.all([
            ctx.sendWindow(a.socket, burst(na, 'a')),
            ctx.sendWindow(b.socket, burst(nb, 'b')),
          ]);
          for (const [name, w, socket] of [
            ['a', windows[0], a.socket],
            ['b', windows[1], b.socket],
          ] as const) {
            const acked = w.sent.flatMap(({ id }) =>
              (w.replies.get(id) ?? [])
                .filter((r) => r.raw.ok === true)
                .slice(0, 1)
                .map((r) => r.raw),
            );
            ctx.saw('ok-reply', acked.length);
            for (const r of acked)
              demand(isTs(r.ts), REQUIRES.tsAsString, () => `ts ${show(r.ts)} (${typeof r.ts}) in ${show(r)}`);
            const ts = [...(last.has(socket) ? [last.get(socket)!] : []), ...acked.map((r) => r.ts as string)];
            for (let i = 1; i < ts.length; i++) {
              demand(
                asciiBefore(ts[i - 1], ts[i]),
                REQUIRES.tsAscending,
                () => `"${ts[i - 1]}" then "${ts[i]}" on connection ${name}`,
              );
            }
            if (ts.length > 0) last.set(socket, ts.at(-1)!);
            ctx.saw('ts', acked.length);
            for (const t of acked.map((r) => r.ts as string)) {
              const other = seen.get(t);
              demand(
                other === undefined,
                REQUIRES.tsUniqueInChannel,
                () => `"${t}" given to ${other} and to connection ${name}`,
              );
              seen.set(t, `connection ${name}`);
            }
            await ctx.backoff(w.rateLimited);
          }
          const acked = windows.flatMap((w) => w.sent.flatMap(({ id }) => w.replies.get(id)?.[0]?.raw.ts ?? []));
          const stamps = acked.filter((t): t is string => isTs(t));
          for (const t of stamps) {
            demand(
              earlier === undefined || asciiBefore(earlier, t),
              REQUIRES.tsAscending,
              () => `"${earlier}" acked before "${t}" was sent`,
            );
          }
          for (const t of stamps) if (earlier === undefined || asciiBefore(earlier, t)) earlier = t;
        },
      );
    },
  }),
  defineCheck({
    id: 'ts.format',
    suite: 'ts',
    level: 'INFO',
    title: 'the shape of ts (Slack uses "%d.%06d": seconds, a dot, a six-digit sequence)',
    clause,
    source: 'https://api.slack.com/legacy/rtm#handling-responses',
    sends: 'one message.',
    requires: 'nothing: the shape is recorded.',
    premises: ['hello', 'ok-reply'],
    needs: { tokens: 1, connections: 1, rtmConnects: 1 },
    async run(ctx) {
      const { socket } = await ctx.shared(0);
      const { reply } = await socket.request(
        { type: 'message', channel: ctx.channel!, text: 'ts shape' },
        ctx.timeouts.replyMs,
      );
      if (typeof reply !== 'object' || reply.ok !== true)
        return { kind: 'observed', message: `no ok reply to look at (${show(reply)})` };
      const ts = reply.ts;
      const shaped = typeof ts === 'string' && SLACK_TS_SHAPE.test(ts);
      return { kind: 'observed', message: `ts ${show(ts)}: ${shaped ? 'the %d.%06d shape' : 'not the %d.%06d shape'}` };
    },
  }),
];
