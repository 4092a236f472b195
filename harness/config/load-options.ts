import { resolve as resolvePath } from 'node:path';
import { HarnessError } from '../errors.js';
import { LOAD_BOUNDS } from '../load/bounds.js';
import type { LoadOptions } from '../load/run-load.js';
import { parseRamp, parseShard, shardSlice } from '../load/schedule.js';
import { parseThresholds } from '../load/thresholds.js';
import type { TargetSpec } from '../target/acquire-target.js';
import { loadConfigFile } from './load-config.js';
import { configFileFor, readTls, tokensFromEnv } from './resolve.js';
import { parseStartAt } from '../load/start-at.js';
import { fanOutOf } from '../load/delivery/fan-out-options.js';
import { fleetOptionsOf } from '../load/fleet/fleet-options.js';

/** The flags of `load`, as commander hands them over. */
export interface LoadFlags {
  config?: string;
  api?: string;
  token?: string[];
  channel?: string;
  rate?: number;
  ramp?: string;
  connections?: number;
  duration?: number;
  warmup?: number;
  workers?: number;
  replyTimeout?: number;
  threshold?: string[];
  shard?: string;
  out?: string;
  /** Bare: the autocannon rtm.connect step; `R/s`: the pace at which the idle connections open. */
  connectRate?: boolean | string;
  senders?: number;
  pingInterval?: number;
  at?: string[];
  ca?: string;
  insecure?: boolean;
  allowRemote?: boolean;
  acceptSlackRateLimits?: boolean;
  fault?: string[];
  schedule?: string;
  startAt?: string;
  members?: number;
  channels?: number;
  metrics?: string;
}

const usage = (msg: string) => new HarnessError('E_USAGE', msg);

/** Flags over conformance.yaml's `load:` over the defaults, each within LOAD_BOUNDS. */
export function resolveLoadOptions(
  flags: LoadFlags,
  env: NodeJS.ProcessEnv = process.env,
  cwd = process.cwd(),
): { target: TargetSpec; load: LoadOptions; out: string; metrics?: { host: string; port: number } } {
  const configFile = configFileFor(flags.config, cwd);
  const file = configFile ? (loadConfigFile(resolvePath(cwd, configFile), env).load ?? {}) : {};
  const tokens = flags.token?.length ? flags.token : tokensFromEnv(env);
  if (flags.api !== undefined) guardRemote(flags.api, !!flags.allowRemote, !!flags.acceptSlackRateLimits, tokens);
  if (flags.api !== undefined && flags.fault?.length)
    throw usage('--fault applies to the embedded server only; drop it or --api');
  if (flags.rate !== undefined && flags.ramp !== undefined) throw usage('--rate and --ramp: give one');
  const durationSec = flags.duration ?? file.duration ?? 10;
  let rates = ratesOf(flags, file);
  const fanOut = fanOutOf(flags);
  if (fanOut && flags.senders !== undefined)
    throw usage('--senders: with --members every member sends; drop --senders');
  // A fan-out load: every member is one connection and sends (each shard has its own embedded server and members);
  // --connections above M holds the others idle.
  const total = fanOut ? (flags.connections ?? fanOut.members) : (flags.connections ?? file.connections ?? 4);
  let connections = fanOut ? fanOut.members : sendersOf(flags.senders, total);
  let idle = total - connections;
  let shard: LoadOptions['shard'];
  if (flags.shard) {
    shard = parse('--shard', () => parseShard(flags.shard!));
    if (shard.count > connections) throw usage(`--shard ${flags.shard}: more shards than senders (${connections})`);
    const slice = shardSlice(connections, 1, shard);
    rates = rates.map((r) => r * slice.rate);
    connections = slice.connections;
    idle = idle > 0 ? shardSlice(idle, 1, shard).connections : 0;
  }
  if (fanOut) connections = fanOut.members;
  const fleet = fleetOptionsOf(flags, idle, connections, durationSec * rates.length, fanOut !== undefined);
  const load: LoadOptions = {
    steps: rates.map((rate) => ({ rate, durationSec })),
    connections,
    warmupSec: flags.warmup ?? file.warmup ?? 1,
    workers: flags.workers ?? 1,
    thresholds: flags.threshold
      ? parseThresholds(flags.threshold)
      : parseThresholds(file.thresholds ?? [], 'load.thresholds'),
    replyTimeoutMs: flags.replyTimeout ?? 5000,
    shard,
    connectRate: flags.connectRate !== false && (flags.api === undefined || flags.connectRate === true),
    schedule: scheduleOf(flags.schedule),
    startAtMs: flags.startAt === undefined ? undefined : parseStartAt(flags.startAt),
    fanOut,
    ...(fleet ? { fleet } : {}),
  };
  if (!fanOut && load.thresholds.some((t) => t.metric.startsWith('delivery.')))
    throw usage('--threshold delivery.*: deliveries are measured only in a fan-out load; add --members');
  const target: TargetSpec = {
    api: flags.api,
    tokens,
    channel: flags.channel,
    tls: readTls(flags.ca, flags.insecure, cwd),
    embedded: { faults: flags.fault ?? [], ownProcess: true, fanOut },
  };
  const metrics = flags.metrics === undefined ? undefined : metricsAddress(flags.metrics, !!flags.allowRemote);
  return { target, load, out: flags.out ?? 'rtm-conformance-load', metrics };
}

/** `--senders`: all connections send unless told (today's meaning), which only holds up to LOAD_BOUNDS.maxSenders. */
function sendersOf(senders: number | undefined, total: number): number {
  if (senders === undefined && total > LOAD_BOUNDS.maxSenders)
    throw usage(
      `--connections ${total}: at most ${LOAD_BOUNDS.maxSenders} connections send; give --senders S (the other ${total} - S hold idle, pinging)`,
    );
  if (senders !== undefined && senders > total) throw usage(`--senders ${senders}: more than --connections ${total}`);
  return senders ?? total;
}

function scheduleOf(flag: string | undefined): 'lean' | 'spin' {
  if (flag === undefined || flag === 'lean' || flag === 'spin') return flag ?? 'lean';
  throw usage(`--schedule: expected lean or spin, got "${flag}"`);
}

function ratesOf(flags: LoadFlags, file: { ramp?: string; rate?: number }): number[] {
  const ramp = flags.ramp ?? (flags.rate === undefined ? file.ramp : undefined);
  const rates = ramp
    ? parse(flags.ramp ? '--ramp' : 'load.ramp', () => parseRamp(ramp))
    : [flags.rate ?? file.rate ?? 1000];
  if (rates.some((r) => r > LOAD_BOUNDS.maxRate))
    throw usage(`${flags.ramp ? '--ramp' : '--rate'}: at most ${LOAD_BOUNDS.maxRate}/s`);
  return rates;
}

function parse<T>(where: string, f: () => T): T {
  try {
    return f();
  } catch (err) {
    throw usage(`${where}: ${(err as Error).message}`);
  }
}

/** A load off the loopback must be asked for, and slack.com's rate limits acknowledged. */
function guardRemote(api: string, allowRemote: boolean, slackOk: boolean, tokens: string[]): void {
  let host: string;
  try {
    host = new URL(api).hostname;
  } catch {
    throw usage(`--api: not a URL: "${api}"`);
  }
  if (!isLoopback(host) && !allowRemote)
    throw usage(`--api ${host} is off the loopback: add --allow-remote to load it`);
  if (/(^|\.)slack\.com$/.test(host) && !slackOk)
    throw usage(`--api ${host}: Slack allows 1 message/s per connection; add --accept-slack-rate-limits to go on`);
  if (tokens.length === 0) throw usage('--api needs --token (or RTM_TOKEN)');
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '[::1]' || host === '::1' || /^127\./.test(host);
}

/** --metrics HOST:PORT ([::1]:PORT for IPv6): on the loopback unless --allow-remote. */
function metricsAddress(text: string, allowRemote: boolean): { host: string; port: number } {
  const m = /^(\[[^\]]+\]|[^:[\]]+):(\d{1,5})$/.exec(text);
  const port = m ? Number(m[2]) : Number.NaN;
  if (!m || port > 65535) throw usage(`--metrics: expected HOST:PORT (e.g. 127.0.0.1:9464), got "${text}"`);
  const host = m[1].replace(/^\[|\]$/g, '');
  if (!isLoopback(host) && !allowRemote)
    throw usage(`--metrics ${m[1]} is off the loopback: add --allow-remote to serve metrics there`);
  return { host, port };
}
