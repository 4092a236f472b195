import { afterEach } from 'vitest';
import { type RunningServer, type ServerOptions, startServer } from '../../harness/server/server.js';
import type { RtmSocket } from '../../harness/session/rtm-socket.js';
import { openSession } from '../../harness/session/open-session.js';

/** Starts a reference server for one test and closes it afterwards. */
export function useServers() {
  const running: RunningServer[] = [];
  const sockets: RtmSocket[] = [];
  afterEach(async () => {
    for (const s of sockets.splice(0)) s.terminate();
    await Promise.all(running.splice(0).map((s) => s.close()));
  });
  return {
    async start(options: ServerOptions = {}): Promise<RunningServer> {
      const server = await startServer(options);
      running.push(server);
      return server;
    },
    /** rtm.connect + socket for the fixture user at `index`. */
    async connect(server: RunningServer, index = 0, args?: Record<string, string>) {
      const session = await openSession({ apiUrl: server.apiUrl, token: server.fixture.users[index].token, args });
      sockets.push(session.socket);
      return session;
    },
    track(socket: RtmSocket) {
      sockets.push(socket);
      return socket;
    },
  };
}
