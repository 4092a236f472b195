import fc from 'fast-check';
import { defineCheck } from '../../harness/runner/check.js';
import { checkProperty } from '../../harness/runner/property.js';
import { demand, show } from '../../harness/runner/violation.js';
import { sendWindow } from '../../harness/session/window.js';

const clause =
  'In the case of a reply to a chat message, if successful, the reply will contain the canonical recorded timestamp of the message. All messages within a single channel are guaranteed to have a unique timestamp which is ASCII sortable. Given the precision of the timestamp, clients should treat these timestamps as strings, not floats/doubles.';

export default [
  defineCheck({
    id: 'ts.unique-and-ascending',
    suite: 'timestamps',
    level: 'MUST',
    title: 'ts is a string, unique in the channel across connections and users, ascending in ASCII order per connection',
    clause,
    source: 'seed page, "Handling responses"; rtm-protocol.md §7',
    sends: 'bursts of messages to one channel from two connections (two users when a second token is given), interleaved.',
    requires: 'every ok:true reply has a string ts; no two equal in the channel; along each connection the ts values increase as strings.',
    needs: { tokens: 1, connections: 2, rtmConnects: 2 },
    async run(ctx) {
      const channel = ctx.channel!;
      const second = ctx.target.tokens.length > 1 ? 1 : 0;
      const seen = new Map<string, string>();
      return checkProperty(ctx, fc.tuple(fc.integer({ min: 1, max: 15 }), fc.integer({ min: 1, max: 15 })), async ([na, nb]) => {
        const a = await ctx.shared(0, 'a');
        const b = await ctx.shared(second, 'b');
        const burst = (n: number, who: string) => Array.from({ length: n }, (_, i) => ({ type: 'message', channel, text: `${who}${i}` }));
        const windows = await Promise.all([
          sendWindow(a.socket, burst(na, 'a'), ctx.timeouts.replyMs, ctx.settleMs),
          sendWindow(b.socket, burst(nb, 'b'), ctx.timeouts.replyMs, ctx.settleMs),
        ]);
        for (const [name, w] of windows.map((w, i) => [i ? 'b' : 'a', w] as const)) {
          const acked = w.sent.flatMap(({ id }) => (w.replies.get(id) ?? []).filter((r) => r.ok === true).slice(0, 1));
          for (const r of acked) demand(typeof r.ts === 'string', 'ts as a JSON string', () => `ts ${show(r.ts)} (${typeof r.ts}) in ${show(r)}`);
          const ts = acked.map((r) => r.ts as string);
          for (let i = 1; i < ts.length; i++) {
            demand(ts[i - 1] < ts[i], `ts ascending in ASCII order on connection ${name}`, () => `"${ts[i - 1]}" then "${ts[i]}"`);
          }
          for (const t of ts) {
            const other = seen.get(t);
            demand(other === undefined, 'a ts unique within the channel', () => `"${t}" given to ${other} and to connection ${name}`);
            seen.set(t, `connection ${name}`);
          }
          await ctx.backoff(w.rateLimited);
        }
      });
    },
  }),
  defineCheck({
    id: 'ts.format',
    suite: 'timestamps',
    level: 'INFO',
    title: 'the shape of ts (Slack uses "%d.%06d": seconds, a dot, a six-digit sequence)',
    clause,
    source: 'rtm-protocol.md §7',
    sends: 'one message.',
    requires: 'nothing: the shape is recorded.',
    needs: { tokens: 1, connections: 1, rtmConnects: 1 },
    async run(ctx) {
      const { socket } = await ctx.shared(0);
      const { reply } = await socket.request({ type: 'message', channel: ctx.channel!, text: 'ts shape' }, ctx.timeouts.replyMs);
      if (typeof reply !== 'object' || reply.ok !== true) return { kind: 'observed', message: `no ok reply to look at (${show(reply)})` };
      const ts = reply.ts;
      const shaped = typeof ts === 'string' && /^\d{10}\.\d{6}$/.test(ts);
      return { kind: 'observed', message: `ts ${show(ts)}: ${shaped ? 'the %d.%06d shape' : 'not the %d.%06d shape'}` };
    },
  }),
];
