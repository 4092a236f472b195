import fc from 'fast-check';
import { defineClientCheck } from '../../harness/check/check.js';
import { CLIENT_REQUIRES } from '../../harness/protocol/client-requirements.js';
import { keepsServing } from '../../harness/check/keeps-serving.js';
import { demand } from '../../harness/check/violation.js';

/** Event types no client can know, with unknown fields and nested shapes: generated, so none is special-cased. */
const unknownEvent = fc
  .record(
    {
      type: fc.stringMatching(/^[a-z][a-z_]{2,20}$/).map((t) => `x_${t}`),
      payload: fc.jsonValue({ maxDepth: 3 }),
      list: fc.array(fc.oneof(fc.integer(), fc.string(), fc.constant(null)), { maxLength: 4 }),
      reply_to: fc.constant(undefined),
    },
    { requiredKeys: ['type'] },
  )
  .map((e) => JSON.parse(JSON.stringify(e)) as Record<string, unknown>);

export default [
  defineClientCheck({
    id: 'client.unknown-events',
    suite: 'client',
    level: 'MUST',
    order: 30,
    title: 'unknown event types, unknown fields and nested shapes do not stop the client',
    clause: 'New event types will be added in the future, clients should be able to handle unexpected event types.',
    source: 'https://api.slack.com/legacy/rtm#events',
    sends: "generated unknown events on the client's connection, interleaved with echo requests.",
    requires: 'every echo request answered; the connection stays open; the process keeps running.',
    lifecycle: {
      sends: "generated unknown events on the client's connection, in batches, each followed by a --trigger if any.",
      requires:
        'after each batch, an answer to a --trigger (any frame but a ping; without triggers, the connection open for 1 s); the process keeps running.',
    },
    premises: ['client-connect', 'echo'],
    needs: { tokens: 1, connections: 1, rtmConnects: 1 },
    async run(ctx) {
      const batches = fc.sample(fc.array(unknownEvent, { minLength: 1, maxLength: 8 }), {
        seed: ctx.seed,
        numRuns: Math.min(ctx.runs, 10),
      });
      const connection = ctx.live()!;
      for (const [i, batch] of batches.entries()) {
        for (const event of batch) connection.server.sendFrame(event);
        ctx.saw('unknown events sent', batch.length);
        if (ctx.profile === 'lifecycle') {
          await keepsServing(
            ctx,
            connection,
            `after ${batch.length} unknown events (${batch.map((e) => e.type).join(', ')})`,
            i,
          );
          continue;
        }
        const since = ctx.requestEchoOn(connection, `after unknown events ${i}`);
        const echo = await ctx.awaitEcho(`after unknown events ${i}`, since);
        demand(
          echo !== undefined,
          CLIENT_REQUIRES.echoAfterUnknownEvents,
          // A client that died on them ended the wait already: its crash is charged as one.
          `after ${batch.length} unknown events (${batch.map((e) => e.type).join(', ')}), no echo within ${ctx.timeouts.echoMs} ms`,
        );
        demand(
          connection.closedAt === undefined,
          CLIENT_REQUIRES.connectionStaysOpen,
          'the client closed its connection',
        );
      }
      const followed =
        ctx.profile === 'lifecycle'
          ? ctx.triggers.length
            ? 'an answer to a trigger'
            : 'a watched open window'
          : 'an echo';
      return { kind: 'held', message: `${batches.length} batches of unknown events, each followed by ${followed}` };
    },
  }),
  defineClientCheck({
    id: 'client.stale-reply-to',
    suite: 'client',
    level: 'MUST',
    order: 40,
    title: 'a reply to a message the client never sent on this connection does not stop it',
    clause:
      "If you're reconnecting after a network problem this initial set of events may include a response to the last message sent on a previous connection (with a reply_to) so a client can confirm that message was received.",
    source: 'https://api.slack.com/legacy/rtm#basics',
    sends: 'an ok:true reply whose reply_to the client never sent on this connection, then an echo request.',
    requires: 'the echo; the connection stays open; the process keeps running.',
    lifecycle: {
      sends: 'an ok:true reply whose reply_to the client never sent on this connection, then a --trigger if any.',
      requires:
        'An answer to a --trigger (any frame but a ping; without triggers, the connection open for 1 s); the process keeps running.',
    },
    premises: ['client-connect', 'echo'],
    needs: { tokens: 1, connections: 1, rtmConnects: 1 },
    async run(ctx) {
      const connection = ctx.live()!;
      const used = new Set(connection.frames.map((f) => f.parsed?.id));
      let stale = 9_000_001;
      while (used.has(stale)) stale += 1;
      connection.server.sendFrame({
        ok: true,
        reply_to: stale,
        ts: '1355517523.000005',
        text: 'sent on a previous connection',
      });
      // The same after the next hello, for a client that reconnects later in the run.
      ctx.wire.sendAfterNextHello([
        { ok: true, reply_to: stale + 1, ts: '1355517523.000006', text: 'sent on a previous connection' },
      ]);
      if (ctx.profile === 'lifecycle')
        return { kind: 'held', message: await keepsServing(ctx, connection, `after reply_to ${stale}`) };
      const since = ctx.requestEchoOn(connection, 'after a stale reply');
      const echo = await ctx.awaitEcho('after a stale reply', since);
      demand(
        echo !== undefined,
        CLIENT_REQUIRES.echoAfterStaleReplyTo,
        `after reply_to ${stale}, no echo within ${ctx.timeouts.echoMs} ms`,
      );
      demand(
        connection.closedAt === undefined,
        CLIENT_REQUIRES.connectionStaysOpen,
        'the client closed its connection',
      );
      return { kind: 'held', message: `reply_to ${stale} ignored` };
    },
  }),
];
