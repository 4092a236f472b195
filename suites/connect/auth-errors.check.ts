import fc from 'fast-check';
import { defineCheck } from '../../harness/check/check.js';
import { checkProperty } from '../../harness/check/property.js';
import { demand, show } from '../../harness/check/violation.js';
import { REQUIRES } from '../../harness/protocol/requirements.js';

/** Tokens that no workspace issued: Slack-shaped and not. */
const badToken = fc.oneof(
  fc.stringMatching(/^xox[bp]-[0-9]{4,12}-[A-Za-z0-9]{8,24}$/),
  fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s.trim() === s && s.length > 0 && !/[\r\n]/.test(s)),
);

export default defineCheck({
  id: 'connect.auth-errors',
  behaviours: [
    { says: 'not_authed: No authentication token provided.', requirement: REQUIRES.notAuthedWithoutToken },
    {
      says: 'invalid_auth: Some aspect of authentication cannot be validated.',
      requirement: REQUIRES.refusedWithoutUrl,
    },
  ],
  suite: 'connect',
  level: 'MUST',
  title: 'a bad token gets invalid_auth, a missing one not_authed, and neither gets a socket URL',
  clause:
    'not_authed: No authentication token provided. invalid_auth: Some aspect of authentication cannot be validated.',
  source: 'https://api.slack.com/methods/rtm.connect#errors',
  sends: 'rtm.connect without a token, then with generated tokens no workspace issued.',
  requires: 'HTTP 200 (or 401/403) with ok:false and error not_authed (no token) or invalid_auth (bad token); no url.',
  premises: [],
  needs: { tokens: 1, connections: 0, rtmConnects: 6, channel: 'none' },
  async run(ctx) {
    const missing = await ctx.callWebApi({ token: undefined });
    demand(
      missing.body.ok === false && missing.body.error === 'not_authed' && missing.body.url === undefined,
      REQUIRES.notAuthedWithoutToken,
      `HTTP ${missing.status} ${show(missing.body)}`,
    );
    ctx.saw('refusals');
    return checkProperty(
      ctx,
      badToken.filter((t) => !ctx.isUserToken(t)),
      async (token) => {
        const res = await ctx.callWebApi({ token });
        demand(
          res.body.ok === false && res.body.url === undefined,
          REQUIRES.refusedWithoutUrl,
          `HTTP ${res.status} ${show(res.body)}`,
        );
        demand(
          res.body.error === 'invalid_auth' || res.body.error === 'not_authed',
          REQUIRES.invalidAuthError,
          `error ${show(res.body.error)}`,
        );
        ctx.saw('refusals');
      },
      { maxRuns: 5, held: 'every bad token was refused with invalid_auth' },
    );
  },
});
