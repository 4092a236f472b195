import { Command, Option } from 'commander';
import { type RunFlags, resolveRunOptions, targetSpecOf } from '../harness/config/resolve.js';
import { SUITE_NAMES } from '../harness/config/schema.js';
import { planOf, type RunOutcome } from '../harness/runner/engine.js';
import { planRun, runConformance } from '../harness/plans/server-plan.js';
import { acquireTarget } from '../harness/target/acquire-target.js';
import { collect, intOption, warnIfInsecure } from './parse-options.js';
import { printPlan } from './print-plan.js';
import { announceReport, listenersFor } from './reporters.js';
import { toolVersion } from './version.js';

/** Exit statuses of `run` (README, "Exit codes"). */
export const EXIT = { pass: 0, fail: 1, usage: 2, error: 3 } as const;

export function runCommand(setExit: (code: number) => void): Command {
  return new Command('run')
    .description('run the conformance suites against a target (default: the embedded reference server)')
    .option('-c, --config <file>', 'config file (default ./conformance.yaml when it exists)')
    .option('--api <url>', "the target's Web API base URL; absent: the embedded reference server")
    .option(
      '--token <token>',
      'repeatable; the first is the primary user (env RTM_TOKEN, RTM_TOKEN_2, RTM_TOKEN_3)',
      collect,
    )
    .option('--channel <id>', "a channel every token's user belongs to")
    .option('--suite <name>', `repeatable: ${SUITE_NAMES.join(', ')}`, collect)
    .option('--check <glob>', 'repeatable: select checks by id', collect)
    .option('--seed <n>', 'property-test seed', intOption('--seed', -(2 ** 31), 2 ** 31 - 1))
    .option('--runs <n>', 'runs per property', intOption('--runs', 1, 10_000))
    .option('--path <p>', 'replay one shrunk counterexample (with --check and --seed)')
    .option(
      '--expect-url-ttl <s>',
      'the URL lifetime the target promises, seconds (default 30)',
      intOption('--expect-url-ttl', 1, 3600),
    )
    .option(
      '--expect-max-bytes <n>',
      'the message-size limit the target promises (default 16384)',
      intOption('--expect-max-bytes', 64, 1 << 20),
    )
    .option('--out <dir>', 'report folder (default ./rtm-conformance-report)')
    .option('--reporter <name>', 'repeatable: console, json, junit, html, markdown (default: all)', collect)
    .option('--strict', 'a SHOULD that fails (warn) counts as a failure')
    .option('--list', 'print the plan (checks, levels, what each needs) and exit')
    .option('--ca <file>', 'trust this CA (PEM) for an https:// or wss:// target')
    .option('--insecure', 'do not verify TLS certificates at all (loudly)')
    .option(
      '--reply-timeout <ms>',
      'wait for a reply (default 5000; embedded 1000)',
      intOption('--reply-timeout', 10, 600_000),
    )
    .option(
      '--hello-timeout <ms>',
      'wait for hello and for the upgrade (default 10000; embedded 1500)',
      intOption('--hello-timeout', 10, 600_000),
    )
    .option(
      '--close-timeout <ms>',
      'wait for a close the target owes (default 10000; embedded 2000)',
      intOption('--close-timeout', 10, 600_000),
    )
    .option(
      '--quiet-time <ms>',
      'silence that counts as "no reply" (default 1500; embedded 300)',
      intOption('--quiet-time', 10, 600_000),
    )
    .option(
      '--http-timeout <ms>',
      'a whole Web API exchange (default 10000; embedded 5000)',
      intOption('--http-timeout', 10, 600_000),
    )
    .option(
      '--max-frame-bytes <n>',
      'largest frame accepted from the target (default 1048576)',
      intOption('--max-frame-bytes', 1024, 64 << 20),
    )
    .option(
      '--concurrency <n>',
      'server checks run at once (default 4; clock-bound checks run beside them)',
      intOption('--concurrency', 1, 16),
    )
    .addOption(
      new Option('--fault <name>', 'embedded server only: switch on a fault or variation (repeatable)').argParser(
        collect,
      ),
    )
    .action(async (flags: RunFlags) => {
      const options = resolveRunOptions(flags);
      warnIfInsecure(options.tls?.insecure);
      if (options.list) {
        printPlan(planOf(await planRun(options)));
        return;
      }
      const target = await acquireTarget(targetSpecOf(options));
      let outcome: RunOutcome;
      try {
        outcome = await runConformance(target, options, toolVersion(), listenersFor(options.formats, options.out));
      } finally {
        await target.close();
      }
      announceReport(options.formats, options.out);
      setExit(EXIT[outcome.verdict]);
    });
}
