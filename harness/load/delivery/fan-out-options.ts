import { HarnessError } from '../../errors.js';
import { FAN_OUT_BOUNDS, type FanOut } from './fan-out-fixture.js';

/**
 * `--members M --channels K` as a FanOut, or undefined without --members. The members are generated in the
 * embedded server's workspace (there is no such fixture on a remote target), and each is one connection.
 * `--connections` above M adds idle connections (fleetOptionsOf).
 */
export function fanOutOf(flags: {
  members?: number;
  channels?: number;
  api?: string;
  connections?: number;
}): FanOut | undefined {
  const usage = (msg: string) => new HarnessError('E_USAGE', msg);
  if (flags.members === undefined) {
    if (flags.channels !== undefined) throw usage('--channels: applies to a fan-out load only; add --members');
    return undefined;
  }
  if (flags.api !== undefined)
    throw usage('--members: the members are generated in the embedded reference server; drop --api');
  // More connections than members: the others hold idle (users in no channel), e.g. for storms (`--at`).
  if (flags.connections !== undefined && flags.connections < flags.members)
    throw usage(
      `--connections ${flags.connections}: with --members every member is one connection; give at least ${flags.members} (the others hold idle) or drop --connections`,
    );
  if (flags.members < 2 || flags.members > FAN_OUT_BOUNDS.maxMembers)
    throw usage(`--members: expected 2 to ${FAN_OUT_BOUNDS.maxMembers}, got ${flags.members}`);
  const channels = flags.channels ?? 1;
  if (channels < 1 || channels > FAN_OUT_BOUNDS.maxChannels)
    throw usage(`--channels: expected 1 to ${FAN_OUT_BOUNDS.maxChannels}, got ${channels}`);
  return { members: flags.members, channels };
}
