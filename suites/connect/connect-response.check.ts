import { defineCheck } from '../../harness/check/check.js';
import { demand, show } from '../../harness/check/violation.js';
import { REQUIRES } from '../../harness/protocol/requirements.js';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isText = (v: unknown) => typeof v === 'string' && v.length > 0;

export default defineCheck({
  id: 'connect.response-shape',
  suite: 'connect',
  level: 'MUST',
  title: 'rtm.connect answers ok:true with url, team {id, name, domain} and self {id, name}',
  clause:
    'To begin a RTM session make an authenticated call to the rtm.connect API method. This provides an initial set of workspace metadata and a message server WebSocket URL.',
  source: 'https://api.slack.com/legacy/rtm#basics; https://api.slack.com/methods/rtm.connect',
  sends: 'rtm.connect as @slack/rtm-api calls it: POST, Bearer token, form body.',
  requires:
    'HTTP 200, ok:true, a ws:// or wss:// url, team.id, team.name, team.domain, self.id and self.name as strings.',
  behaviours: [
    {
      says: 'To begin a RTM session make an authenticated call to the rtm.connect API method.',
      notChecked:
        "a client's duty, graded in client mode (client.connect); here the call is made and its answer judged",
    },
    {
      says: 'This provides an initial set of workspace metadata and a message server WebSocket URL.',
      requirement: REQUIRES.connectTeam,
    },
  ],
  premises: [],
  needs: { tokens: 1, connections: 0, rtmConnects: 1, channel: 'none' },
  async run(ctx) {
    const res = await ctx.callWebApi(0, 'rtm.connect');
    const body = res.body;
    const shown = () => ctx.redact(`HTTP ${res.status} ${show(body)}`);
    demand(res.status === 200 && body.ok === true, REQUIRES.connectOk, shown);
    demand(typeof body.url === 'string' && /^wss?:\/\/[^/]+/.test(body.url), REQUIRES.connectUrl, shown);
    const team = body.team;
    const self = body.self;
    demand(isObject(team) && isText(team.id) && isText(team.name) && isText(team.domain), REQUIRES.connectTeam, shown);
    demand(isObject(self) && isText(self.id) && isText(self.name), REQUIRES.connectSelf, shown);
    ctx.saw('rtm.connect responses');
    return { kind: 'held', message: `team ${team.id}, self ${self.id}` };
  },
});
