import { Command } from 'commander';
import { resolve as resolvePath } from 'node:path';
import { loadConfigFile } from '../config/load-config.js';
import { configFileFor, readTls, tokensFromEnv } from '../config/resolve.js';
import { HarnessError } from '../errors.js';
import { Redactor } from '../redact.js';
import { writeLoadOutputs } from '../load/outputs.js';
import { type LoadReport, runLoad } from '../load/run-load.js';
import { parseRamp, parseShard, shardSlice } from '../load/schedule.js';
import { parseThreshold } from '../load/thresholds.js';
import { writeHtmlReport } from '../../reports/html.js';
import { writeLoadJunit } from '../../reports/load-junit.js';
import { printLoadSummary, progressPrinter } from '../../reports/load-console.js';
import { collect, intOption, warnIfInsecure } from './parse-options.js';

/** Bounds that hold whatever the flags say: a load run always ends by itself. */
const MAX_DURATION_SEC = 3600;
const MAX_RATE = 200_000;
const MAX_CONNECTIONS = 10_000;

export function loadCommand(setExit: (code: number) => void): Command {
  return new Command('load')
    .description('measure ack latency under a sustained open-model send rate (default: the reference server in its own process)')
    .option('-c, --config <file>', 'config file (its load: section); default ./conformance.yaml when it exists')
    .option('--api <url>', "the target's Web API base URL; absent: the reference server, rate limit off")
    .option('--token <token>', 'repeatable (env RTM_TOKEN, RTM_TOKEN_2, RTM_TOKEN_3)', collect)
    .option('--channel <id>', 'the channel to post to')
    .option('--rate <n>', 'messages per second, all connections together', intOption('--rate', 1, MAX_RATE))
    .option('--ramp <from:to:steps>', 'steps of rate, each with its own results (e.g. 1000:20000:5)')
    .option('--connections <n>', 'WebSocket connections (default 4)', intOption('--connections', 1, MAX_CONNECTIONS))
    .option('--duration <s>', 'seconds per step (default 10)', intOption('--duration', 1, MAX_DURATION_SEC))
    .option('--warmup <s>', 'seconds at the first rate before measuring (default 1)', intOption('--warmup', 0, 60))
    .option('--workers <n>', 'sender threads (default 1: the other core is the server\'s)', intOption('--workers', 1, 16))
    .option('--reply-timeout <ms>', 'an ack later than this counts as missing (default 5000)', intOption('--reply-timeout', 10, 60_000))
    .option('--threshold <expr>', 'repeatable: p99<5ms, p99.9<20ms, errors==0, missing==0, achieved>=99%', collect)
    .option('--shard <i/n>', 'run shard i of n: its slice of connections and rate (merge with `rtm-conformance merge`)')
    .option('--out <dir>', 'output folder (default ./rtm-conformance-load)')
    .option('--connect-rate', 'also put rtm.connect under HTTP load (autocannon, 3 s); always on against the embedded server')
    .option('--ca <file>', 'trust this CA (PEM) for an https:// or wss:// target')
    .option('--insecure', 'do not verify TLS certificates at all (loudly)')
    .option('--allow-remote', 'allow a target off the loopback')
    .option('--accept-slack-rate-limits', "acknowledge Slack's 1 message/s per connection limit (needed for a slack.com target)")
    .option('--fault <name>', 'embedded server only: a fault for the server process (repeatable)', collect)
    .action(async (flags) => {
      const configFile = configFileFor(flags.config, process.cwd());
      const file = configFile ? (loadConfigFile(resolvePath(configFile)).load ?? {}) : {};
      const usage = (msg: string) => new HarnessError('E_USAGE', msg);
      const tokens: string[] = flags.token?.length ? flags.token : tokensFromEnv(process.env);
      if (flags.api !== undefined) guardTarget(flags.api, flags.allowRemote, flags.acceptSlackRateLimits, tokens);
      if (flags.rate !== undefined && flags.ramp !== undefined) throw usage('--rate and --ramp: give one');
      const durationSec: number = flags.duration ?? file.duration ?? 10;
      if (durationSec > MAX_DURATION_SEC) throw usage(`load.duration: at most ${MAX_DURATION_SEC} s`);
      const ramp = flags.ramp ?? (flags.rate === undefined ? file.ramp : undefined);
      let rates: number[];
      try {
        rates = ramp ? parseRamp(ramp) : [flags.rate ?? file.rate ?? 1000];
      } catch (err) {
        throw usage(`--ramp: ${(err as Error).message}`);
      }
      if (rates.some((r) => r > MAX_RATE)) throw usage(`--rate: at most ${MAX_RATE}/s`);
      let connections: number = flags.connections ?? file.connections ?? 4;
      let shard: { index: number; count: number } | undefined;
      if (flags.shard) {
        try {
          shard = parseShard(flags.shard);
        } catch (err) {
          throw usage(`--shard: ${(err as Error).message}`);
        }
        if (shard.count > connections) throw usage(`--shard ${flags.shard}: more shards than --connections ${connections}`);
        const slice = shardSlice(connections, 1, shard);
        rates = rates.map((r) => r * slice.rate);
        connections = slice.connections;
      }
      let thresholds;
      try {
        thresholds = ((flags.threshold as string[] | undefined) ?? file.thresholds ?? []).map(parseThreshold);
      } catch (err) {
        throw usage(`--threshold: ${(err as Error).message}`);
      }
      warnIfInsecure(flags.insecure);
      const out: string = flags.out ?? 'rtm-conformance-load';
      const redactor = new Redactor();
      for (const t of tokens) redactor.add(t);
      const progress = progressPrinter(process.stdout, rates.length);
      const report: LoadReport = await runLoad(
        {
          api: flags.api,
          tokens,
          channel: flags.channel,
          steps: rates.map((rate) => ({ rate, durationSec })),
          connections,
          warmupSec: flags.warmup ?? file.warmup ?? 1,
          workers: flags.workers ?? 1,
          thresholds,
          replyTimeoutMs: flags.replyTimeout ?? 5000,
          shard,
          faults: flags.fault ?? [],
          connectRate: flags.api === undefined || !!flags.connectRate,
          tls: readTls(flags.ca, flags.insecure, process.cwd()),
        },
        progress.update,
      );
      progress.done();
      const safe = redactor.value(report);
      await writeLoadOutputs(out, safe);
      await writeLoadJunit(out, safe);
      await writeHtmlReport(out, undefined, safe);
      printLoadSummary(process.stdout, safe);
      process.stdout.write(`rtm-conformance: load report in ${out}/ (load.json, latency.hgrm, latency.hlog, junit.xml, index.html)\n`);
      setExit(safe.verdict === 'pass' ? 0 : 1);
    });
}

function guardTarget(api: string, allowRemote: boolean, slackOk: boolean, tokens: string[]): void {
  let host: string;
  try {
    host = new URL(api).hostname;
  } catch {
    throw new HarnessError('E_USAGE', `--api: not a URL: "${api}"`);
  }
  const loopback = host === 'localhost' || host === '[::1]' || host === '::1' || /^127\./.test(host);
  if (!loopback && !allowRemote) throw new HarnessError('E_USAGE', `--api ${host} is off the loopback: add --allow-remote to load it`);
  if (/(^|\.)slack\.com$/.test(host) && !slackOk) {
    throw new HarnessError('E_USAGE', `--api ${host}: Slack allows 1 message/s per connection; add --accept-slack-rate-limits to go on`);
  }
  if (tokens.length === 0) throw new HarnessError('E_USAGE', '--api needs --token (or RTM_TOKEN)');
}
