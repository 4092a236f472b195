/** Entry of one fleet process (see fleet.ts): its share of the idle connections, ticking its counts every second. */
import { FleetMember } from './fleet-member.js';
import type { FleetCommand, FleetMemberConfig, FleetMessage } from './fleet-types.js';

const send = (m: FleetMessage) => process.send?.(m);
const usage = () => {
  const u = process.cpuUsage();
  return { rssBytes: process.memoryUsage().rss, cpuUs: u.user + u.system };
};

let member: FleetMember | undefined;
let ticker: NodeJS.Timeout | undefined;
process.on('message', (m: { type: 'config'; config: FleetMemberConfig } | FleetCommand) => {
  if (m.type === 'config') {
    member = new FleetMember(m.config);
    send({ type: 'started', ...usage() });
    ticker = setInterval(() => send({ type: 'tick', counts: { ...member!.counts }, ...usage() }), 1000);
    member.open().catch((e: Error) => send({ type: 'failed', message: e.message }));
  } else if (m.type === 'mark') member?.mark(m.storm);
  else if (m.type === 'drop') member?.drop(m.storm, m.fraction);
  else if (m.type === 'stop') {
    clearInterval(ticker);
    const at = usage();
    member?.stop();
    // The report can be large (a storm's every reconnect time): the channel closes once it is written.
    if (member)
      process.send?.({ type: 'report', report: member.report(), ...at } satisfies FleetMessage, () =>
        process.disconnect?.(),
      );
    else process.disconnect?.();
  }
});
// The parent gone (crashed or killed): nothing is left to hold the connections for.
process.on('disconnect', () => {
  clearInterval(ticker);
  member?.stop();
});
