import { LogLevel, RTMClient } from '@slack/rtm-api';
import { afterEach, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../../harness/server/server.js';
import { openSession } from '../../../harness/session/open-session.js';

/**
 * The official Node client, @slack/rtm-api 6.2.1 (7.0.4 throws in disconnect() after any sendMessage),
 * must not be able to tell the reference server from Slack.
 */
describe('reference server with @slack/rtm-api 6.2.1', () => {
  let server: RunningServer | undefined;
  let client: RTMClient | undefined;
  afterEach(async () => {
    if (client?.connected) await client.disconnect().catch(() => undefined);
    await server?.close();
  });

  function makeClient(s: RunningServer): RTMClient {
    return new RTMClient(s.fixture.users[0].token, {
      slackApiUrl: s.apiUrl,
      logLevel: LogLevel.ERROR,
      clientPingTimeout: 400,
      serverPongTimeout: 300,
      replyAckOnReconnectTimeout: 100,
      retryConfig: { retries: 0 },
    });
  }

  function once(emitter: RTMClient, event: string, timeoutMs = 5000): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${event} within ${timeoutMs} ms`)), timeoutMs);
      emitter.once(event, (arg: unknown) => {
        clearTimeout(timer);
        resolve(arg);
      });
    });
  }

  it('becomes ready, sends a message, keeps alive, receives, and reconnects after a drop and after goodbye', async () => {
    server = await startServer();
    client = makeClient(server);
    const ready = once(client, 'ready');
    const started = (await client.start()) as unknown as { self: { id: string } };
    expect(started.self.id).toBe('U0ALICE01');
    await ready;

    const sent = await client.sendMessage('hello from node', 'C0GENERAL');
    expect(sent.ts).toMatch(/^\d+\.\d{6}$/);

    // Keepalive: with no traffic the client pings every 400 ms; across 3+ intervals it must stay connected.
    const disconnects: unknown[] = [];
    client.on('disconnected', (e: unknown) => disconnects.push(e));
    let pings = 0;
    client.on('slack_event', (type: string) => {
      if (type === 'pong') pings += 1;
    });
    await new Promise((r) => setTimeout(r, 1300));
    expect(pings).toBeGreaterThanOrEqual(2);
    expect(disconnects).toEqual([]);
    expect(client.connected).toBe(true);

    const received = once(client, 'message');
    const bob = await openSession({ apiUrl: server.apiUrl, token: server.fixture.users[1].token });
    await bob.socket.nextFrame((f) => f.type === 'hello', 2000);
    await bob.socket.request({ type: 'message', channel: 'C0GENERAL', text: 'hi alice' }, 2000);
    expect(await received).toMatchObject({ type: 'message', text: 'hi alice', user: 'U0BOB0002' });
    bob.socket.terminate();

    const readyAgain = once(client, 'ready');
    server.dropAll();
    await readyAgain;
    expect(client.connected).toBe(true);

    const readyThird = once(client, 'ready');
    server.goodbyeAll();
    await readyThird;
    expect((await client.sendMessage('after goodbye', 'C0GENERAL')).ts).toMatch(/^\d+\.\d{6}$/);
  });
});
