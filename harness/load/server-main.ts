/** Entry of the reference server's own process for `load` (see server-process). Faults come as argv, then `--fan-out M K`. */
import { startServer } from '../server/server.js';
import { fanOutFixture, idleTokensOf } from './delivery/fan-out-fixture.js';
import type { ServerRequest } from './server-process.js';

const args = process.argv.slice(2);
const at = args.indexOf('--fan-out');
const fanOut = at < 0 ? undefined : { members: Number(args[at + 1]), channels: Number(args[at + 2]) };
const faults = at < 0 ? args : args.slice(0, at);
const fixture = fanOut && fanOutFixture(fanOut);
const server = await startServer({ rateLimit: false, urlTtlMs: 600_000, faults, fixture });
const users = server.fixture.users.filter((u) => !u.deactivated);
// A fan-out load: the members' tokens for the senders, the channel-less users' for the idle connections.
if (fixture) {
  const idleTokens = idleTokensOf(fixture);
  const tokens = users.map((u) => u.token).filter((t) => !idleTokens.includes(t));
  process.send!({ apiUrl: server.apiUrl, tokens, idleTokens, channel: fixture.channels[0].id });
}
// Alice alone posting to #random (her only co-member is deactivated): acks without fan-out work.
else process.send!({ apiUrl: server.apiUrl, tokens: [users[0].token], channel: 'C0RANDOM1' });
// The harness's control channel: stats, and the mid-run events of `load --at` (goodbye to all, faults on and off).
process.on('message', (m: ServerRequest) => {
  if (m.op === 'goodbye') server.goodbyeAll();
  else if (m.op === 'drop') server.dropAll();
  else if (m.op === 'faults') server.setFaults(m.faults ?? []);
  const u = process.cpuUsage();
  process.send!({
    id: m.id,
    cpuUs: u.user + u.system,
    rssBytes: process.memoryUsage().rss,
    connections: server.connectionCount(),
  });
});
// Closing the server and the IPC channel leaves nothing to run: the process ends by itself.
const stop = () => void server.close().then(() => process.disconnect?.());
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
