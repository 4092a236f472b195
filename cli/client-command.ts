import { Command } from 'commander';
import { randomInt } from 'node:crypto';
import { assertKnownSuite, checkReporterNames } from '../harness/config/resolve.js';
import { CLIENT_SUITE_NAMES, REPORTER_NAMES } from '../harness/config/schema.js';
import { planOf } from '../harness/runner/engine.js';
import { type ClientRunOptions, planClientRun, runClientConformance } from '../harness/plans/client-plan.js';
import { CLIENT_PROFILES, NEEDS_ECHO_CONTRACT } from '../harness/plans/client-profile.js';
import type { ClientProfile } from '../harness/check/client-context.js';
import { HarnessError } from '../harness/errors.js';
import { collect, intOption } from './parse-options.js';
import { EXIT } from './run-command.js';
import { printPlan } from './print-plan.js';
import { announceReport, listenersFor } from './reporters.js';
import { toolVersion } from './version.js';

interface ClientFlags {
  suite?: string[];
  check?: string[];
  seed?: number;
  runs?: number;
  out?: string;
  reporter?: string[];
  strict?: boolean;
  list?: boolean;
  attach?: boolean;
  idle?: number;
  pingBound?: number;
  echoTimeout?: number;
  connectTimeout?: number;
  reconnectBound?: number;
  reconnectWarn?: number;
  profile?: string;
  trigger?: string[];
}

/** `client [options] -- COMMAND [ARG...]`: grades an RTM client or bot against the reference server. */
export function clientCommand(setExit: (code: number) => void): Command {
  return new Command('client')
    .description(
      'grade an RTM client or bot: run COMMAND against the reference server (RTM_API_URL, RTM_TOKEN, RTM_TOKEN_2)',
    )
    .usage('[options] -- COMMAND [ARG...]')
    .argument('[command...]', 'the client under test and its arguments, after --')
    .option(
      '--profile <name>',
      'echo: the echo contract (default); lifecycle: any bot as it is, on connecting, pinging, surviving and reconnecting (checks that need echoes skip)',
    )
    .option(
      '--trigger <text>',
      'repeatable, --profile lifecycle: a message the helper user posts to make the bot speak (any frame it sends counts)',
      collect,
    )
    .option('--suite <name>', `repeatable: ${CLIENT_SUITE_NAMES.join(', ')}`, collect)
    .option('--check <glob>', 'repeatable: select client checks by id', collect)
    .option('--seed <n>', 'property-test seed', intOption('--seed', -(2 ** 31), 2 ** 31 - 1))
    .option('--runs <n>', 'generated echo requests per property (default 20)', intOption('--runs', 1, 1000))
    .option('--out <dir>', 'report folder (default ./rtm-conformance-client-report)')
    .option('--reporter <name>', 'repeatable: console, json, junit, html, markdown (default: all)', collect)
    .option('--strict', 'a SHOULD that fails (warn) counts as a failure')
    .option('--list', 'print the client checks and exit')
    .option(
      '--attach',
      'print the variables and wait (10 min) for a client started by hand, instead of running COMMAND',
    )
    .option(
      '--idle <s>',
      'the quiet window of client.ping-when-idle, seconds (default 30)',
      intOption('--idle', 1, 600),
    )
    .option(
      '--ping-bound <s>',
      'the longest gap between pings accepted while idle, seconds (default 10)',
      intOption('--ping-bound', 1, 600),
    )
    .option('--echo-timeout <ms>', 'wait for an echo (default 5000)', intOption('--echo-timeout', 10, 600_000))
    .option(
      '--connect-timeout <ms>',
      'wait for the client to connect, at the start and after a restart (default 15000)',
      intOption('--connect-timeout', 10, 600_000),
    )
    .option(
      '--reconnect-bound <s>',
      'wait for the client to reconnect after the server ended its connection, seconds (default 60)',
      intOption('--reconnect-bound', 1, 600),
    )
    .option(
      '--reconnect-warn <s>',
      'a reconnect slower than this warns in client.goodbye-reconnect and client.drop-reconnect, seconds (default 10)',
      intOption('--reconnect-warn', 1, 600),
    )
    .action(async (command: string[], flags: ClientFlags) => {
      const options = clientOptions(command, flags);
      if (flags.list) {
        const checks = await planClientRun(options);
        printPlan(planOf(checks));
        return printEchoOnly(checks, options.profile);
      }
      const out = flags.out ?? 'rtm-conformance-client-report';
      const formats = checkReporterNames(flags.reporter?.length ? flags.reporter : REPORTER_NAMES);
      const outcome = await runClientConformance(options, toolVersion(), listenersFor(formats, out));
      announceReport(formats, out);
      setExit(EXIT[outcome.verdict]);
    });
}

function clientOptions(command: string[], flags: ClientFlags): ClientRunOptions {
  if (!flags.list && !flags.attach && command.length === 0)
    throw new HarnessError(
      'E_USAGE',
      'client: give the client to run after --, e.g. `client -- node my-bot.js`, or --attach',
    );
  if (flags.attach && command.length > 0)
    throw new HarnessError('E_USAGE', 'client: --attach waits for a client started by hand; drop it or the command');
  for (const s of flags.suite ?? []) assertKnownSuite(s, CLIENT_SUITE_NAMES);
  const profile = profileOf(flags);
  return {
    profile,
    triggers: flags.trigger ?? [],
    command: command.length ? command : undefined,
    attach: !!flags.attach,
    seed: flags.seed ?? randomInt(1, 2 ** 31 - 1),
    runs: flags.runs ?? 20,
    suites: { include: flags.suite ?? [], exclude: [] },
    checks: { include: flags.check ?? [], exclude: [] },
    strict: !!flags.strict,
    timeouts: {
      echoMs: flags.echoTimeout ?? 5000,
      connectMs: flags.connectTimeout ?? 15_000,
      reconnectMs: (flags.reconnectBound ?? 60) * 1000,
      reconnectWarnMs: (flags.reconnectWarn ?? 10) * 1000,
    },
    settings: { idleMs: (flags.idle ?? 30) * 1000, pingBoundMs: (flags.pingBound ?? 10) * 1000 },
    onEnv: flags.attach ? printEnv : undefined,
  };
}

function profileOf(flags: ClientFlags): ClientProfile {
  const profile = flags.profile ?? 'echo';
  if (!CLIENT_PROFILES.includes(profile as ClientProfile))
    throw new HarnessError('E_USAGE', `--profile: unknown profile "${profile}" (${CLIENT_PROFILES.join(', ')})`);
  if (profile !== 'lifecycle' && flags.trigger?.length)
    throw new HarnessError(
      'E_USAGE',
      '--trigger: only with --profile lifecycle (the echo profile posts echo requests)',
    );
  if (flags.trigger?.some((t) => t.trim() === ''))
    throw new HarnessError('E_USAGE', '--trigger: an empty text posts nothing a bot could answer');
  return profile as ClientProfile;
}

/** `--list --profile lifecycle`: which checks it turns into a skip, and why. */
function printEchoOnly(checks: { id: string; needs: { echoContract?: boolean } }[], profile?: ClientProfile): void {
  if (profile !== 'lifecycle') return;
  const skipped = checks.filter((c) => c.needs.echoContract).map((c) => c.id);
  if (skipped.length)
    process.stdout.write(`\nskipped by --profile lifecycle, ${NEEDS_ECHO_CONTRACT}: ${skipped.join(', ')}\n`);
}

function printEnv(env: Record<string, string>): void {
  process.stdout.write('rtm-conformance: waiting for a client; start it with:\n');
  for (const [k, v] of Object.entries(env)) process.stdout.write(`  export ${k}=${v}\n`);
}
