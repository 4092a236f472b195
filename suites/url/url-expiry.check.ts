import fc from 'fast-check';
import { defineCheck } from '../../harness/check/check.js';
import { checkProperty } from '../../harness/check/property.js';
import { demand } from '../../harness/check/violation.js';
import { isExpiredUrlError } from '../../harness/protocol/error-codes.js';
import { describeAnswer } from '../../harness/check/server-context.js';
import { REQUIRES } from '../../harness/protocol/requirements.js';

export default defineCheck({
  id: 'url.expiry',
  suite: 'url',
  level: 'MUST',
  title: 'a socket URL works until its lifetime is over, and after it gets the code-1 error and a close',
  clause:
    'The Websocket URLs provided by rtm.connect are single-use and are only valid for 30 seconds, so make sure to connect quickly.',
  source: 'https://api.slack.com/legacy/rtm#basics; https://api.slack.com/methods/rtm.connect',
  sends:
    'several rtm.connect URLs fetched together, each used once at its own generated delay: before --expect-url-ttl minus a margin, and after it plus a margin.',
  requires:
    'hello on every early URL; on every late one exactly the code-1 "Socket URL has expired" error (extra fields allowed) and a close within the close timeout.',
  behaviours: [
    { says: 'The Websocket URLs provided by rtm.connect are single-use', notChecked: 'checked by url.single-use' },
    { says: 'are only valid for 30 seconds', requirement: REQUIRES.expiredUrlRefused },
    { says: 'are only valid for 30 seconds', requirement: REQUIRES.urlWorksWithinLifetime },
    {
      says: 'so make sure to connect quickly.',
      notChecked: "a client's duty, graded in client mode (client.expired-url)",
    },
  ],
  premises: ['hello'],
  needs: { tokens: 1, connections: 3, rtmConnects: 3, waitsOnClock: true, channel: 'none' },
  async run(ctx) {
    const ttlMs = ctx.expect.urlTtlSec * 1000;
    const margin = Math.max(1000, ttlMs * 0.1);
    const delays = fc.tuple(
      fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 1 }),
      fc.double({ min: 0, max: 1, noNaN: true }),
    );
    return checkProperty(
      ctx,
      delays,
      async ([early, late]) => {
        // The latest legal moment always, generated earlier ones, and one after the lifetime.
        const plan = [
          ...[1, ...early].map((f) => ({ at: f * (ttlMs - margin), late: false })),
          { at: ttlMs + margin + late * margin, late: true },
        ];
        // Fetched together, then each used at its own time: the check costs one lifetime of wall time.
        const urls = await Promise.all(plan.map(() => ctx.rtmConnect(0)));
        const start = performance.now();
        const answers = await Promise.all(
          plan.map(async (p, i) => {
            await new Promise((r) => setTimeout(r, Math.max(0, p.at - (performance.now() - start))));
            return ctx.answerTo(urls[i].url, `url${i}@${Math.round(p.at)}ms`);
          }),
        );
        plan.forEach((p, i) => {
          const a = answers[i];
          const when = `${(p.at / 1000).toFixed(2)} s after rtm.connect`;
          if (!p.late)
            demand(
              a.kind === 'hello',
              REQUIRES.urlWorksWithinLifetime,
              `used ${when} (lifetime ${ctx.expect.urlTtlSec} s): ${describeAnswer(a)}`,
            );
          else
            demand(
              a.kind === 'rejected-at-handshake' || (a.kind === 'error-then-close' && isExpiredUrlError(a.frame)),
              REQUIRES.expiredUrlRefused,
              `used ${when}: ${describeAnswer(a)}`,
            );
          ctx.saw(p.late ? 'expired URLs refused' : 'hello');
        });
      },
      {
        maxRuns: 1,
        shrink: false,
        timeLimitMs: ttlMs * 3 + 10_000,
        held: 'early URLs worked, late ones were refused as expired',
      },
    );
  },
});
