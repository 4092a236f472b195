import { Command, CommanderError } from 'commander';
import { HarnessError } from '../harness/errors.js';
import { EXIT, runCommand } from './run-command.js';
import { clientCommand } from './client-command.js';
import { compareCommand } from './compare-command.js';
import { loadCommand } from './load-command.js';
import { mergeCommand } from './merge-command.js';
import { proxyCommand } from './proxy-command.js';
import { reportCommand } from './report-command.js';
import { serveCommand } from './serve-command.js';
import { toolVersion } from './version.js';

/** Exit status for each harness error code (README, "Exit codes"). */
const EXIT_FOR: Record<HarnessError['code'], number> = {
  E_USAGE: EXIT.usage,
  E_CONFIG: EXIT.usage,
  E_TARGET_UNREACHABLE: EXIT.error,
  E_RTM_CONNECT: EXIT.error,
  E_RATE_LIMITED: EXIT.error,
  E_HANDSHAKE: EXIT.error,
  E_INTERNAL: EXIT.error,
};

/** The CLI: the only place that maps outcomes to exit statuses. Returns the status. */
export async function main(argv: string[]): Promise<number> {
  let exitCode: number = EXIT.pass;
  const program = new Command('rtm-conformance')
    .description('Conformance suites and ack-latency load tests for Slack RTM servers')
    .version(toolVersion(), '-V, --version')
    .showSuggestionAfterError(true)
    .addHelpText(
      'after',
      '\nWithout a command, `run` runs: see `rtm-conformance run --help` for its flags.\nExit codes: 0 no check failed, 1 a check failed or a load threshold broke, 2 usage or config error,\n3 the target could not be reached or the harness broke.',
    );
  const setExit = (code: number) => (exitCode = code);
  const commands = [
    runCommand(setExit),
    serveCommand(),
    loadCommand(setExit),
    mergeCommand(setExit),
    reportCommand(setExit),
    proxyCommand(setExit),
    compareCommand(setExit),
    clientCommand(setExit),
  ];
  for (const [i, cmd] of commands.entries()) program.addCommand(cmd, { isDefault: i === 0 });
  for (const cmd of [program, ...commands]) {
    cmd.exitOverride();
    cmd.configureOutput({
      writeErr: (s) => process.stderr.write(s.startsWith('error:') ? `rtm-conformance: ${s.slice(7)}` : s),
    });
  }
  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (err) {
    if (err instanceof CommanderError) {
      return err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help'
        ? 0
        : EXIT.usage;
    }
    if (err instanceof HarnessError) {
      process.stderr.write(`rtm-conformance: ${err.message}\n`);
      return EXIT_FOR[err.code];
    }
    process.stderr.write(`rtm-conformance: internal error: ${err instanceof Error ? err.message : String(err)}\n`);
    return EXIT.error;
  }
}
