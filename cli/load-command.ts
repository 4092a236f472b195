import { Command } from 'commander';
import { type LoadFlags, resolveLoadOptions } from '../harness/config/load-options.js';
import { LOAD_BOUNDS } from '../harness/load/bounds.js';
import { runLoad } from '../harness/load/run-load.js';
import { startLoadMetrics } from '../harness/load/metrics-server.js';
import { acquireTarget } from '../harness/target/acquire-target.js';
import { progressPrinter } from '../reports/load-console.js';
import { writeLoadReport } from './load-report.js';
import { collect, intOption, warnIfInsecure } from './parse-options.js';

export function loadCommand(setExit: (code: number) => void): Command {
  return new Command('load')
    .description(
      'measure ack latency under a sustained open-model send rate (default: the reference server in its own process)',
    )
    .option('-c, --config <file>', 'config file (its load: section); default ./conformance.yaml when it exists')
    .option('--api <url>', "the target's Web API base URL; absent: the reference server, rate limit off")
    .option('--token <token>', 'repeatable (env RTM_TOKEN, RTM_TOKEN_2, RTM_TOKEN_3)', collect)
    .option('--channel <id>', 'the channel to post to')
    .option(
      '--members <n>',
      'fan-out load: the embedded server gets N members, one connection each; deliveries measured',
      intOption('--members', 2, 1000),
    )
    .option(
      '--channels <n>',
      'fan-out load: channels of all the members, posted to round robin (default 1)',
      intOption('--channels', 1, 100),
    )
    .option('--rate <n>', 'messages per second, all connections together', intOption('--rate', 1, LOAD_BOUNDS.maxRate))
    .option('--ramp <from:to:steps>', 'steps of rate, each with its own results (e.g. 1000:20000:5)')
    .option(
      '--connections <n>',
      'WebSocket connections (default 4); past --senders (or --members) the rest hold idle, pinging (child processes)',
      intOption('--connections', 1, LOAD_BOUNDS.maxConnections),
    )
    .option(
      '--senders <n>',
      `connections that send (default all; needed above ${LOAD_BOUNDS.maxSenders})`,
      intOption('--senders', 1, LOAD_BOUNDS.maxSenders),
    )
    .option(
      '--ping-interval <s>',
      'each idle connection pings this often (default 30)',
      intOption('--ping-interval', 1, LOAD_BOUNDS.maxPingIntervalSec),
    )
    .option(
      '--at <time:event>',
      'repeatable, TIME after the steps begin: drop=P% (the harness drops its sockets), goodbye, server-drop, fault=NAME, fault=off (reference server)',
      collect,
    )
    .option('--duration <s>', 'seconds per step (default 10)', intOption('--duration', 1, LOAD_BOUNDS.maxDurationSec))
    .option(
      '--warmup <s>',
      'seconds at the first rate before measuring (default 1)',
      intOption('--warmup', 0, LOAD_BOUNDS.maxWarmupSec),
    )
    .option(
      '--workers <n>',
      "sender threads (default 1: the other core is the server's)",
      intOption('--workers', 1, LOAD_BOUNDS.maxWorkers),
    )
    .option(
      '--reply-timeout <ms>',
      'an ack later than this counts as missing (default 5000)',
      intOption('--reply-timeout', 10, 60_000),
    )
    .option('--threshold <expr>', 'repeatable: p99<5ms, p99.9<20ms, errors==0, missing==0, achieved>=99%', collect)
    .option(
      '--start-at <time>',
      'begin at this wall-clock instant (ISO 8601 with zone, or +Ns): shards given the same one run together',
    )
    .option('--shard <i/n>', 'run shard i of n: its slice of connections and rate (merge with `rtm-conformance merge`)')
    .option('--out <dir>', 'output folder (default ./rtm-conformance-load)')
    .option(
      '--connect-rate [R/s]',
      'R/s: open idle connections at this pace (default 500/s); bare: also put rtm.connect under HTTP load (autocannon, 3 s; always on against the embedded server)',
    )
    .option('--no-connect-rate', 'skip the rtm.connect HTTP step (autocannon, 3 s) against the embedded server')
    .option('--ca <file>', 'trust this CA (PEM) for an https:// or wss:// target')
    .option('--insecure', 'do not verify TLS certificates at all (loudly)')
    .option('--allow-remote', 'allow a target off the loopback')
    .option(
      '--accept-slack-rate-limits',
      "acknowledge Slack's 1 message/s per connection limit (needed for a slack.com target)",
    )
    .option('--fault <name>', 'embedded server only: a fault for the server process (repeatable)', collect)
    .option(
      '--schedule <lean|spin>',
      'lean (default): sleep precisely until each message is due (spin only for waits under 0.3 ms with acks outstanding); spin: a whole core at any rate, the lowest send lag',
    )
    .option('--metrics <host:port>', 'serve live Prometheus metrics at http://HOST:PORT/metrics while the run lasts')
    .action(async (flags: LoadFlags) => {
      const { target: spec, load, out, metrics: where } = resolveLoadOptions(flags);
      warnIfInsecure(flags.insecure);
      const metrics = where && (await startLoadMetrics(where, load, process.stdout));
      const target = await acquireTarget(spec);
      const progress = progressPrinter(process.stdout, load.steps.length);
      try {
        const report = await runLoad(target, load, (p) => {
          progress.update(p);
          metrics?.update(p);
        });
        progress.done();
        setExit(await writeLoadReport(out, target.redactor.value(report)));
      } finally {
        await target.close();
        await metrics?.close();
      }
    });
}
