import type { ClientConnection, ClientContext, ClientFrame } from './client-context.js';
import { CLIENT_REQUIRES } from '../protocol/client-requirements.js';
import { demand, show } from './violation.js';

/**
 * How long a connection is watched after what a check did to it, when no --trigger can make the bot answer: long
 * enough for a bot that chokes on a frame to close or exit (a crash ends the wait at once), short enough for ten
 * batches of unknown events to stay a check of seconds.
 */
export const WATCH_MS = 1000;

/** How long a closed connection is given to turn out to be an exited process. */
const EXIT_GRACE_MS = 500;

/** A frame the client sent that is not a keepalive: what a bot without the echo contract answers with. */
export const isSpoken = (f: ClientFrame): boolean => f.parsed?.type !== 'ping';

/**
 * The lifecycle profile's stand-in for an echo request (`--profile lifecycle`): after `after` (what the check just
 * did), the bot is still connected and working. With --trigger texts, the helper posts the `n`th (round robin) on
 * `connection` and the bot answers with any frame but a ping within the echo timeout, the connection staying open;
 * without, the connection is watched for WATCH_MS and must stay open (and the process running: a crash ends the
 * wait and is charged to the check). Returns what was seen, for the pass message.
 */
export async function keepsServing(
  ctx: ClientContext,
  connection: ClientConnection,
  after: string,
  n = 0,
): Promise<string> {
  const since = ctx.now();
  const trigger = ctx.triggers.length ? ctx.triggers[n % ctx.triggers.length] : undefined;
  if (trigger !== undefined)
    connection.server.sendFrame(ctx.messageEvent(ctx.helper.channel, ctx.helper.user, trigger));
  const answer = () => ctx.wire.framesSince(since).find((e) => isSpoken(e.frame));
  await ctx.waitFor(
    () => (connection.closedAt !== undefined || (trigger !== undefined && answer()) ? true : undefined),
    trigger !== undefined ? ctx.timeouts.echoMs : WATCH_MS,
  );
  const waited = Math.round(ctx.now() - since);
  // A bot that died on what it was sent closes its socket before its exit is seen: the exit is the finding (the
  // wait ends at once and charges it to the check as "the process still running").
  if (connection.closedAt !== undefined) await ctx.waitFor(() => undefined, EXIT_GRACE_MS);
  demand(
    connection.closedAt === undefined,
    CLIENT_REQUIRES.connectionStaysOpen,
    () => `${after}, the client closed its connection ${Math.round(connection.closedAt! - since)} ms later`,
  );
  if (trigger === undefined) {
    ctx.saw('connection watched open');
    return `${after}, the connection stayed open for ${waited} ms`;
  }
  const spoken = answer();
  demand(
    spoken !== undefined,
    CLIENT_REQUIRES.answerToTrigger,
    `${after}, nothing but pings within ${ctx.timeouts.echoMs} ms of the trigger ${show(trigger, 80)}`,
  );
  ctx.saw('triggers answered');
  return `${after}, the trigger ${show(trigger, 40)} answered in ${Math.round(spoken.frame.at - since)} ms`;
}
