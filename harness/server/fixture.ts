import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';

/** A workspace the reference server pretends to be: team, users with tokens, channels with members. */
export const FixtureSchema = z.strictObject({
  team: z.strictObject({ id: z.string(), name: z.string(), domain: z.string() }),
  users: z
    .array(
      z.strictObject({
        id: z.string(),
        name: z.string(),
        token: z.string().min(1),
        /** Bot users carry a bot_id in auth.test (python's rtm_v2 drops every event without it). */
        botId: z.string().optional(),
        deactivated: z.boolean().default(false),
      }),
    )
    .min(1),
  channels: z.array(z.strictObject({ id: z.string(), name: z.string(), members: z.array(z.string()) })),
});

export type Fixture = z.infer<typeof FixtureSchema>;
export type FixtureUser = Fixture['users'][number];
export type FixtureChannel = Fixture['channels'][number];

/** The built-in workspace: three active users (one a bot), one deactivated, two channels with different members. */
export const DEFAULT_FIXTURE: Fixture = {
  team: { id: 'T0RTMCONF', name: 'rtm-conformance', domain: 'rtm-conformance' },
  users: [
    { id: 'U0ALICE01', name: 'alice', token: 'xoxp-1000-alice-reference', deactivated: false },
    { id: 'U0BOB0002', name: 'bob', token: 'xoxp-1000-bob-reference', deactivated: false },
    { id: 'U0ROBOT03', name: 'robot', token: 'xoxb-1000-robot-reference', botId: 'B0ROBOT03', deactivated: false },
    { id: 'U0GONE004', name: 'gone', token: 'xoxp-1000-gone-reference', deactivated: true },
  ],
  channels: [
    { id: 'C0GENERAL', name: 'general', members: ['U0ALICE01', 'U0BOB0002', 'U0ROBOT03'] },
    { id: 'C0RANDOM1', name: 'random', members: ['U0ALICE01', 'U0GONE004'] },
  ],
};

/** Reads and validates a fixture file; throws an Error whose message names the file and the bad key. */
export function loadFixture(file: string): Fixture {
  const doc = parse(readFileSync(file, 'utf8'));
  const result = FixtureSchema.safeParse(doc);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new Error(`${file}: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  const ids = new Set(result.data.users.map((u) => u.id));
  for (const channel of result.data.channels) {
    for (const member of channel.members) {
      if (!ids.has(member)) throw new Error(`${file}: channels.${channel.id}.members: unknown user ${member}`);
    }
  }
  return result.data;
}
