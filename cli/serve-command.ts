import { Command, Option } from 'commander';
import { HarnessError } from '../harness/errors.js';
import { FAULTS, unknownFaultMessage } from '../harness/server/faults/index.js';
import { DEFAULT_FIXTURE, loadFixture } from '../harness/server/fixture.js';
import { parseRateLimit } from '../harness/server/rate-limit.js';
import { startServer } from '../harness/server/server.js';
import { intOption } from './parse-options.js';

/** `serve` runs with a rate limit by default, as Slack does: 1 msg/s sustained, bursts of 20, cut off after 40 more. */
export const SERVE_DEFAULT_RATE_LIMIT = '1/s:20:40';

export function serveCommand(): Command {
  return new Command('serve')
    .description('run the reference RTM server (the embedded default target) until SIGINT/SIGTERM')
    .option('--host <host>', 'address to bind', '127.0.0.1')
    .option('--port <n>', 'port (0: any free port)', intOption('--port', 0, 65535), 0)
    .option('--fixture <file>', 'workspace fixture (YAML): team, users with tokens, channels with members')
    .option('--url-ttl <s>', 'socket URL lifetime in seconds', intOption('--url-ttl', 1, 86_400), 30)
    .option(
      '--max-message-bytes <n>',
      'message-size limit, whole frame in bytes',
      intOption('--max-message-bytes', 64, 1 << 20),
      16_384,
    )
    .option(
      '--rate-limit <spec>',
      'per-connection message limit: off or RATE/s[:BURST[:DISCONNECT_AFTER]]',
      SERVE_DEFAULT_RATE_LIMIT,
    )
    .option('--connect-rate-limit <spec>', 'per-user rtm.connect limit (HTTP 429): off or RATE/s[:BURST]', 'off')
    .addOption(new Option('--fault <name...>', 'switch on a fault or legal variation (repeatable)').default([]))
    .option('--list-faults', 'list the faults and variations, one line each, and exit')
    .action(async (opts) => {
      if (opts.listFaults) {
        for (const f of FAULTS.values())
          process.stdout.write(`${f.name.padEnd(24)} ${f.kind.padEnd(10)} ${f.description}\n`);
        return;
      }
      const rateLimit = rateLimitOption('--rate-limit', opts.rateLimit);
      const connectRateLimit = rateLimitOption('--connect-rate-limit', opts.connectRateLimit);
      for (const name of opts.fault as string[]) {
        const unknown = unknownFaultMessage(name);
        if (unknown) throw new HarnessError('E_USAGE', `--fault: ${unknown}`);
      }
      let fixture = DEFAULT_FIXTURE;
      if (opts.fixture) {
        try {
          fixture = loadFixture(opts.fixture);
        } catch (err) {
          throw new HarnessError('E_CONFIG', `--fixture ${(err as Error).message}`);
        }
      }
      const server = await startServer({
        host: opts.host,
        port: opts.port,
        fixture,
        urlTtlMs: opts.urlTtl * 1000,
        maxMessageBytes: opts.maxMessageBytes,
        rateLimit,
        connectRateLimit,
        faults: opts.fault,
      });
      const out = process.stdout;
      out.write(`rtm-conformance: serving ${server.apiUrl}\n`);
      out.write(`team ${fixture.team.id} ${fixture.team.name}\n`);
      for (const u of fixture.users) {
        out.write(
          `user ${u.id} ${u.name} token ${u.token}${u.botId ? ` bot ${u.botId}` : ''}${u.deactivated ? ' (deactivated)' : ''}\n`,
        );
      }
      for (const c of fixture.channels) out.write(`channel ${c.id} #${c.name} members ${c.members.join(',')}\n`);
      if ((opts.fault as string[]).length > 0) out.write(`faults ${(opts.fault as string[]).join(' ')}\n`);
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await server.close();
    });
}

function rateLimitOption(flag: string, text: string) {
  try {
    return parseRateLimit(text);
  } catch (err) {
    throw new HarnessError('E_USAGE', `${flag}: ${(err as Error).message}`);
  }
}
