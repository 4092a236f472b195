import { defineCheck } from '../../harness/runner/check.js';
import { callWebApi } from '../../harness/session/rtm-connect.js';
import { demand, show } from '../../harness/runner/violation.js';

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
  requires: 'HTTP 200, ok:true, a ws:// or wss:// url, team.id, team.name, team.domain, self.id and self.name as strings.',
  premises: [],
  needs: { tokens: 1, connections: 0, rtmConnects: 1 },
  async run(ctx) {
    const res = await callWebApi({ apiUrl: ctx.target.apiUrl, token: ctx.target.tokens[0], timeoutMs: ctx.timeouts.httpMs, tls: ctx.target.tls });
    const body = res.body;
    if (typeof body.url === 'string') ctx.redactor.addSocketUrl(body.url);
    const shown = () => ctx.redactor.text(`HTTP ${res.status} ${show(body)}`);
    demand(res.status === 200 && body.ok === true, 'HTTP 200 with ok:true', shown);
    demand(typeof body.url === 'string' && /^wss?:\/\/[^/]+/.test(body.url), 'url: a ws:// or wss:// URL', shown);
    const team = body.team;
    const self = body.self;
    demand(isObject(team) && isText(team.id) && isText(team.name) && isText(team.domain), 'team: {id, name, domain} strings', shown);
    demand(isObject(self) && isText(self.id) && isText(self.name), 'self: {id, name} strings', shown);
    ctx.saw('rtm.connect responses');
    return { kind: 'held', message: `team ${team.id}, self ${self.id}` };
  },
});
