import { DEFAULT_FIXTURE } from '../server/fixture.js';
import type { RunningServer } from '../server/server.js';
import { acquireTarget } from '../target/acquire-target.js';
import type { Target } from '../target/target.js';
import { ClientObservatory } from './observatory.js';

/** RTM_TOKEN_2: the same bot in a second workspace of the same Enterprise Grid org. */
export const GRID_TOKEN = 'xoxb-2000-robot-grid-reference';

export interface ClientTarget {
  target: Target & { server: RunningServer };
  observatory: ClientObservatory;
  /** The contract's variables, as the client gets them. */
  env: { RTM_API_URL: string; RTM_TOKEN: string; RTM_TOKEN_2: string };
}

/** The reference server in process, watched and steered by an observatory, for a client to connect to. */
export async function acquireClientTarget(seed: number): Promise<ClientTarget> {
  const bot = DEFAULT_FIXTURE.users.find((u) => u.botId && !u.deactivated)!;
  const observatory = new ClientObservatory({ primary: bot.token, second: GRID_TOKEN });
  const target = await acquireTarget({
    tokens: [],
    embedded: { seed, observer: observatory, extraTokens: { [GRID_TOKEN]: bot.id } },
  });
  target.redactor.add(GRID_TOKEN);
  return {
    target: target as Target & { server: RunningServer },
    observatory,
    env: { RTM_API_URL: target.apiUrl, RTM_TOKEN: bot.token, RTM_TOKEN_2: GRID_TOKEN },
  };
}
