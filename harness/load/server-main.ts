/** Entry of the reference server's own process for `load` (see server-process). Faults come as argv. */
import { startServer } from '../server/server.js';

const server = await startServer({ rateLimit: false, urlTtlMs: 600_000, faults: process.argv.slice(2) });
const users = server.fixture.users.filter((u) => !u.deactivated);
// Alice alone posting to #random (her only co-member is deactivated): acks without fan-out work.
process.send!({ apiUrl: server.apiUrl, tokens: [users[0].token], channel: 'C0RANDOM1' });
process.on('message', (m) => {
  if (m === 'cpu') {
    const u = process.cpuUsage();
    process.send!({ cpuUs: u.user + u.system, rssBytes: process.memoryUsage().rss });
  }
});
// Closing the server and the IPC channel leaves nothing to run: the process ends by itself.
const stop = () => void server.close().then(() => process.disconnect?.());
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
