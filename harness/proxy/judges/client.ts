import { BURST_MESSAGES, busiestWindow, describeWindow, withinPace } from '../../protocol/client-pace.js';
import { CLIENT_REQUIRES } from '../../protocol/client-requirements.js';
import { isValidId } from '../../protocol/event-types.js';
import { MAX_MESSAGE_BYTES, MAX_TEXT_CHARACTERS, textCharacters } from '../../protocol/frame-size.js';
import { demand, show } from '../../check/violation.js';
import type { RecordedConnection } from '../recorded-traffic.js';
import { type JudgeSpec, unexercised } from './judge.js';

/** The busiest window is quadratic in messages: a connection's first this many are judged. */
const RATE_JUDGED_MESSAGES = 2000;

const fromClient = (c: RecordedConnection) => c.frames.filter((f) => f.dir === 'client->server');

/** The client's side, from the traffic: ids, sizes, rate, pings while idle, a fresh URL per connection. */
export const clientJudges: JudgeSpec[] = [
  {
    sameAs: 'client.single-use-url',
    side: 'client',
    requires: 'each socket URL handed out is tried once: no second upgrade on the same URL.',
    premises: ['client-connect'],
    run(ctx) {
      const { connections, refused } = ctx.traffic;
      const attempts = [...connections, ...refused.filter((r) => r.url !== undefined)];
      if (attempts.length === 0) return unexercised('the client opened no socket URL');
      ctx.saw('client-connect', connections.length);
      const reused = attempts.filter((a) => (a.attempt ?? 1) > 1);
      demand(
        reused.length === 0,
        CLIENT_REQUIRES.socketUrlUsedOnce,
        () => `${reused.length} attempt(s) on a URL already used (URL ${reused.map((r) => r.url).join(', ')})`,
      );
      ctx.saw('socket URLs used', attempts.length);
      return { kind: 'held', message: `${attempts.length} URLs, each used once` };
    },
  },
  {
    sameAs: 'client.ids',
    side: 'client',
    requires: 'an id on every frame the client sent, a positive integer, never repeated on the same connection.',
    premises: ['client-connect'],
    run(ctx) {
      let frames = 0;
      let compared = 0;
      for (const c of ctx.traffic.connections) {
        ctx.saw('client-connect');
        const seen = new Set<number>();
        for (const f of fromClient(c)) {
          if (!f.raw) continue;
          const id = f.raw.id;
          demand(
            isValidId(id),
            CLIENT_REQUIRES.positiveIntegerIds,
            () => `a frame on connection ${c.conn}: ${show(f.raw, 160)}`,
          );
          demand(!seen.has(id), CLIENT_REQUIRES.idsUniquePerConnection, `id ${id} twice on connection ${c.conn}`);
          compared += seen.size;
          seen.add(id);
          frames += 1;
        }
      }
      ctx.saw('frames judged', frames);
      if (compared === 0)
        return unexercised(`fewer than two frames from the client on every connection (${frames} in all)`);
      return { kind: 'held', message: `${frames} frames on ${ctx.traffic.connections.length} connection(s)` };
    },
  },
  {
    sameAs: 'client.message-size',
    side: 'client',
    requires: `no frame from the client over ${MAX_MESSAGE_BYTES} bytes, and no message text over ${MAX_TEXT_CHARACTERS} characters.`,
    premises: ['client-connect'],
    run(ctx) {
      let texts = 0;
      for (const c of ctx.traffic.connections) {
        ctx.saw('client-connect');
        for (const f of fromClient(c)) {
          demand(
            f.bytes <= MAX_MESSAGE_BYTES,
            CLIENT_REQUIRES.noFrameOverLimit,
            `a frame of ${f.bytes} bytes on connection ${c.conn}`,
          );
          const text = f.raw?.type === 'message' ? f.raw.text : undefined;
          if (typeof text !== 'string') continue;
          const n = textCharacters(text);
          demand(
            n <= MAX_TEXT_CHARACTERS,
            CLIENT_REQUIRES.textWithinCharacters,
            `a message text of ${n} characters on connection ${c.conn}`,
          );
          texts += 1;
        }
      }
      ctx.saw('texts measured', texts);
      if (texts === 0) return unexercised('the client sent no message');
      return { kind: 'held', message: `${texts} message texts within the limits` };
    },
  },
  {
    sameAs: 'client.rate',
    side: 'client',
    requires: `on each connection, a burst of at most ${BURST_MESSAGES} messages, then no more than one per second sustained.`,
    premises: ['client-connect'],
    run(ctx) {
      let judged = 0;
      for (const c of ctx.traffic.connections) {
        ctx.saw('client-connect');
        const sent = fromClient(c)
          .filter((f) => f.raw?.type === 'message')
          .map((f) => f.t)
          .slice(0, RATE_JUDGED_MESSAGES);
        if (sent.length <= BURST_MESSAGES) continue;
        const busiest = busiestWindow(sent)!;
        demand(
          withinPace(busiest),
          CLIENT_REQUIRES.rateBurstThenOnePerSecond,
          `connection ${c.conn}: busiest window ${describeWindow(busiest)}`,
        );
        judged += sent.length;
      }
      ctx.saw('messages paced', judged);
      if (judged === 0)
        return unexercised(`no connection carried more than ${BURST_MESSAGES} messages from the client`);
      return { kind: 'held', message: 'within the pace on every connection' };
    },
  },
  {
    sameAs: 'client.ping-when-idle',
    side: 'client',
    requires: 'no silence (no frame and no ping either way) longer than the ping bound on an open connection.',
    premises: ['client-connect'],
    run(ctx) {
      const bound = ctx.traffic.settings.pingBoundMs;
      // Slack for a busy machine's scheduling, as client mode allows: a quarter of the bound, at most a second.
      const slack = Math.min(1000, bound / 4);
      let judgedMs = 0;
      for (const c of ctx.traffic.connections) {
        ctx.saw('client-connect');
        const end = c.closed?.t ?? ctx.traffic.endedAt;
        if (end - c.openedAt <= bound) continue;
        const times = [c.openedAt, ...c.frames.map((f) => f.t), ...c.wsPings.map((p) => p.t), end].sort(
          (a, b) => a - b,
        );
        let longest = 0;
        for (let i = 1; i < times.length; i++) longest = Math.max(longest, times[i] - times[i - 1]);
        demand(
          longest <= bound + slack,
          CLIENT_REQUIRES.pingEveryBoundWhileIdle,
          () =>
            `connection ${c.conn}: ${(longest / 1000).toFixed(1)} s of silence, over the ${bound / 1000} s bound (${slack} ms slack)`,
        );
        ctx.saw(
          'client-ping',
          c.wsPings.filter((p) => p.dir === 'client->server').length +
            fromClient(c).filter((f) => f.raw?.type === 'ping').length,
        );
        judgedMs += end - c.openedAt;
      }
      if (judgedMs === 0)
        return unexercised(`no connection stayed open longer than the ping bound (${bound / 1000} s)`);
      return { kind: 'held', message: `${(judgedMs / 1000).toFixed(1)} s of connection judged` };
    },
  },
];
