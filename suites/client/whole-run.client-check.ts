import { defineClientCheck } from '../../harness/check/check.js';
import { CLIENT_REQUIRES } from '../../harness/protocol/client-requirements.js';
import { isValidId } from '../../harness/protocol/event-types.js';
import { demand, show } from '../../harness/check/violation.js';

export default [
  defineClientCheck({
    id: 'client.single-use-url',
    suite: 'client',
    level: 'MUST',
    order: 900,
    judgesWholeRun: true,
    title: 'the client never opens a socket URL twice',
    clause:
      'The Websocket URLs provided by rtm.connect are single-use and are only valid for 30 seconds, so make sure to connect quickly.',
    source: 'https://api.slack.com/legacy/rtm#basics',
    sends: 'nothing more: judges every socket URL the client used in the run.',
    requires: 'no URL used a second time (a "used" refusal at the upgrade).',
    premises: ['client-connect'],
    needs: { tokens: 1, connections: 0, rtmConnects: 0 },
    async run(ctx) {
      const upgrades = ctx.wire.upgrades;
      const reused = upgrades.filter((u) => u.outcome === 'used');
      demand(
        reused.length === 0,
        CLIENT_REQUIRES.socketUrlUsedOnce,
        `${reused.length} attempt(s) on a URL already used`,
      );
      ctx.saw('socket URLs used', upgrades.length);
      return { kind: 'held', message: `${upgrades.length} URLs, each used once` };
    },
  }),
  defineClientCheck({
    id: 'client.ids',
    suite: 'client',
    level: 'SHOULD',
    order: 910,
    judgesWholeRun: true,
    title: 'every frame the client sent has a positive integer id, unique on its connection',
    clause:
      'Every event should have a unique (for that connection) positive integer ID. All replies to that message will include this ID allowing the client to correlate responses with the messages sent',
    source: 'https://api.slack.com/legacy/rtm#sending-messages',
    sends: 'nothing more: judges every frame the client sent in the run, connection by connection.',
    requires: 'an id on every frame, a positive integer, never repeated on the same connection.',
    premises: ['client-connect'],
    needs: { tokens: 1, connections: 0, rtmConnects: 0 },
    async run(ctx) {
      let frames = 0;
      let compared = 0;
      for (const connection of ctx.wire.connections) {
        const seen = new Set<number>();
        for (const f of connection.frames) {
          if (!f.parsed) continue;
          const id = f.parsed.id;
          demand(
            isValidId(id),
            CLIENT_REQUIRES.positiveIntegerIds,
            `a frame on connection ${connection.index}: ${show(f.parsed, 160)}`,
          );
          demand(
            !seen.has(id),
            CLIENT_REQUIRES.idsUniquePerConnection,
            `id ${id} twice on connection ${connection.index}`,
          );
          compared += seen.size;
          seen.add(id);
          frames += 1;
        }
      }
      ctx.saw('frames judged', frames);
      if (compared === 0)
        return {
          kind: 'skipped',
          reason: `fewer than two frames on every connection (${frames} in all): no id to compare with another`,
        };
      return { kind: 'held', message: `${frames} frames on ${ctx.wire.connections.length} connection(s)` };
    },
  }),
  defineClientCheck({
    id: 'client.survives',
    suite: 'client',
    level: 'MUST',
    order: 1000,
    title: 'no client process of the run ends by itself: no exit, no crash',
    clause: 'New event types will be added in the future, clients should be able to handle unexpected event types.',
    source: 'https://api.slack.com/legacy/rtm#events',
    sends:
      'nothing more: looks at every process of the run (the harness restarts one that exited) before it ends them.',
    requires:
      'no process ended by itself, at start-up, during a check or between checks (each exit code, signal, the check in progress and the output tail are the evidence; the check in progress is charged too), having connected: a client never exercised proves nothing by running.',
    premises: ['client-connect'],
    judgesWholeRun: true,
    needs: { tokens: 1, connections: 0, rtmConnects: 0 },
    async run(ctx) {
      if (!ctx.process)
        return { kind: 'observed', message: 'attached to a client started by hand: its process is not ours to watch' };
      const crashes = ctx.process.crashes;
      demand(crashes.length === 0, CLIENT_REQUIRES.processStillRunning, () =>
        crashes
          .map(
            (c) =>
              `exited ${c.exit.signal ? `on ${c.exit.signal}` : `with code ${c.exit.code}`} ${c.during ? `during ${c.during}` : c.after ? `between checks, after ${c.after}` : 'at start-up'}; output tail: ${show(c.output.trim().slice(-600), 600) || '(none)'}`,
          )
          .join(' | '),
      );
      ctx.saw('process checks');
      return { kind: 'held', message: 'still running, never ended by itself' };
    },
  }),
];
