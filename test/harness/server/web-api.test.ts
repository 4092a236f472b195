import { describe, expect, it } from 'vitest';
import { callWebApi } from '../../../harness/session/rtm-connect.js';
import { useServers } from '../../helpers/server.js';

const servers = useServers();

describe('reference server: Web API', () => {
  it('answers rtm.connect with the documented shape and a ws://…/websocket/<ticket> URL', async () => {
    const server = await servers.start();
    const alice = server.fixture.users[0];
    const res = await callWebApi({ apiUrl: server.apiUrl, token: alice.token });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      ok: true,
      team: server.fixture.team,
      self: { id: alice.id, name: alice.name },
    });
    expect(res.body.url).toMatch(new RegExp(`^ws://127\\.0\\.0\\.1:${server.port}/websocket/[A-Za-z0-9_-]{20,}$`));
  });

  it('takes the token from a Bearer header, a form body, a JSON body or the query, by GET or POST', async () => {
    const server = await servers.start();
    const token = server.fixture.users[0].token;
    const base = `${server.apiUrl}rtm.connect`;
    const calls: [string, RequestInit][] = [
      [base, { method: 'POST', headers: { authorization: `Bearer ${token}` } }],
      [
        base,
        { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `token=${token}` },
      ],
      [base, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token }) }],
      [`${base}?token=${token}&batch_presence_aware=1`, { method: 'GET' }],
      [`${base}?batch_presence_aware=true`, { method: 'GET', headers: { authorization: `Bearer ${token}` } }],
    ];
    for (const [url, init] of calls) {
      const body = (await (await fetch(url, init)).json()) as { ok: boolean };
      expect(body.ok, `${init.method} ${url} ${JSON.stringify(init.headers)}`).toBe(true);
    }
  });

  it('reports not_authed, invalid_auth and account_inactive as HTTP 200 ok:false', async () => {
    const server = await servers.start();
    const gone = server.fixture.users.find((u) => u.deactivated)!;
    for (const [token, error] of [
      [undefined, 'not_authed'],
      ['xoxp-nope', 'invalid_auth'],
      [gone.token, 'account_inactive'],
    ] as const) {
      const res = await callWebApi({ apiUrl: server.apiUrl, token });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ ok: false, error });
    }
  });

  it('answers rtm.start like rtm.connect plus warning method_deprecated', async () => {
    const server = await servers.start();
    const res = await callWebApi({ apiUrl: server.apiUrl, token: server.fixture.users[0].token, method: 'rtm.start' });
    expect(res.body).toMatchObject({ ok: true, warning: 'method_deprecated' });
    expect(typeof res.body.url).toBe('string');
  });

  it('gives bot users a bot_id in auth.test and answers unknown methods with unknown_method', async () => {
    const server = await servers.start();
    const bot = server.fixture.users.find((u) => u.botId)!;
    const human = server.fixture.users[0];
    expect((await callWebApi({ apiUrl: server.apiUrl, token: bot.token, method: 'auth.test' })).body).toMatchObject({
      ok: true,
      user_id: bot.id,
      bot_id: bot.botId,
    });
    expect(
      (await callWebApi({ apiUrl: server.apiUrl, token: human.token, method: 'auth.test' })).body,
    ).not.toHaveProperty('bot_id');
    const res = await fetch(`${server.apiUrl}chat.postMessage`, { method: 'POST' });
    expect(await res.json()).toEqual({ ok: false, error: 'unknown_method' });
    expect(
      (await callWebApi({ apiUrl: server.apiUrl, token: undefined, method: 'api.test', args: { foo: 'bar' } })).body,
    ).toEqual({ ok: true, args: { foo: 'bar' } });
  });

  it('rate-limits rtm.connect with HTTP 429, an integer Retry-After and error ratelimited', async () => {
    const server = await servers.start({ connectRateLimit: { perSecond: 1 / 60, burst: 2, disconnectAfter: 1e9 } });
    const token = server.fixture.users[0].token;
    const statuses: number[] = [];
    let last: Awaited<ReturnType<typeof callWebApi>> | undefined;
    for (let i = 0; i < 3; i++) {
      last = await callWebApi({ apiUrl: server.apiUrl, token });
      statuses.push(last.status);
    }
    expect(statuses).toEqual([200, 200, 429]);
    expect(last!.headers['retry-after']).toMatch(/^\d+$/);
    expect(last!.body).toEqual({ ok: false, error: 'ratelimited' });
  });
});
