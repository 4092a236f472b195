import { afterEach, describe, expect, it } from 'vitest';
import { FleetMember } from '../../../harness/load/fleet/fleet-member.js';
import type { RunningServer } from '../../../harness/server/server.js';
import { useServers } from '../../helpers/server.js';

const servers = useServers();
const members: FleetMember[] = [];
afterEach(() => {
  for (const m of members.splice(0)) m.stop();
});

function fleetOf(server: RunningServer, connections: number, pingIntervalMs = 60_000, frames?: string[], users = 2) {
  const member = new FleetMember(
    {
      apiUrl: server.apiUrl,
      tokens: server.fixture.users.slice(0, users).map((u) => u.token),
      connections,
      firstIndex: 0,
      connectRatePerSec: 2000,
      pingIntervalMs,
      sourceAddresses: [],
      perAddress: 10_000,
      concurrency: 64,
      maxFrameBytes: 1 << 20,
    },
    frames ? (_k, frame) => frames.push(String(frame.type)) : undefined,
  );
  members.push(member);
  return member;
}

/** Polls (bounded: counts, not times, are asserted) until `done` holds. */
async function until(done: () => boolean, ms = 15_000): Promise<void> {
  const end = performance.now() + ms;
  while (!done() && performance.now() < end) await new Promise((r) => setTimeout(r, 20));
}

describe('load fleet: idle pinging connections', () => {
  it('holds every connection through rtm.connect, the server counting the same, and each ping gets its pong', async () => {
    const server = await servers.start();
    const frames: string[] = [];
    const fleet = fleetOf(server, 200, 200, frames);
    await fleet.open();
    await until(() => fleet.counts.held === 200 && fleet.counts.pongs >= 400);
    expect(fleet.counts.held).toBe(200);
    expect(server.connectionCount()).toBe(200);
    expect(fleet.counts.rtmConnectCalls).toBe(200);
    expect(fleet.counts.pongs).toBeGreaterThanOrEqual(400);
    expect(fleet.counts.pongs).toBeLessThanOrEqual(fleet.counts.pings);
    // The frame hook sees every frame: a hello per connection, the pongs.
    expect(frames.filter((t) => t === 'hello')).toHaveLength(200);
    expect(frames.filter((t) => t === 'pong').length).toBe(fleet.counts.pongs);
    const report = fleet.report();
    expect(report.counts.failures).toBe(0);
  });

  it('counts 429s and waits Retry-After before it tries again, until every connection is held', async () => {
    const server = await servers.start({ faults: ['connect-rate-limited'] });
    const fleet = fleetOf(server, 150, 60_000, undefined, 1);
    await fleet.open();
    await until(() => fleet.counts.held === 150);
    expect(fleet.counts.held).toBe(150);
    // One user, a burst of 20 then 50/s: the rest limited and retried after the server's Retry-After.
    expect(fleet.counts.rateLimited).toBeGreaterThan(0);
    expect(fleet.counts.rtmConnectCalls).toBe(150 + fleet.counts.rateLimited);
    expect(fleet.counts.failures).toBe(0);
  });

  it('times a drop storm: every dropped connection is down in the storm, and back', async () => {
    const server = await servers.start();
    const fleet = fleetOf(server, 200);
    await fleet.open();
    await until(() => fleet.counts.held === 200);
    fleet.drop(1, 0.5);
    expect(fleet.counts.held).toBe(100);
    // A later event while the dropped ones are still down: they are still timed in the storm they went down in.
    fleet.mark(2);
    await until(() => fleet.counts.held === 200);
    const [storm, next] = fleet.report().storms;
    expect(storm).toMatchObject({ id: 1, down: 100 });
    expect(storm.backMs).toHaveLength(100);
    expect(next).toMatchObject({ id: 2, down: 0, backMs: [] });
    expect(fleet.counts.opened).toBe(300);
    expect(fleet.counts.lost).toBe(0);
    await until(() => server.connectionCount() === 200);
    expect(server.connectionCount()).toBe(200);
  });

  it("reconnects on the server's goodbye, and a fault switched on then off mid-run changes the next storm only", async () => {
    const server = await servers.start();
    const fleet = fleetOf(server, 200);
    await fleet.open();
    await until(() => fleet.counts.held === 200);
    server.setFaults(['connect-rate-limited']);
    fleet.mark(1);
    server.goodbyeAll();
    await until(() => fleet.report().storms[0].backMs.length === 200);
    expect(fleet.counts.goodbyes).toBe(200);
    expect(fleet.report().storms[0].down).toBe(200);
    const limited = fleet.counts.rateLimited;
    expect(limited).toBeGreaterThan(0);
    server.setFaults([]);
    fleet.drop(2, 1);
    await until(() => fleet.counts.held === 200);
    expect(fleet.report().storms[1]).toMatchObject({ id: 2, down: 200 });
    expect(fleet.report().storms[1].backMs).toHaveLength(200);
    expect(fleet.counts.rateLimited).toBe(limited);
  });
});
