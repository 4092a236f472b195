import { randomInt } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { resolve as resolvePath } from 'node:path';
import { HarnessError } from '../errors.js';
import { MAX_MESSAGE_BYTES } from '../protocol/frame-size.js';
import type { TargetSpec } from '../target/acquire-target.js';
import type { TlsOptions } from '../session/http-client.js';
import { loadConfigFile } from './load-config.js';
import { REPORTER_NAMES, RENAMED_SUITES, type ReporterName, SUITE_NAMES, type ConfigFile } from './schema.js';

/** The flags of `run`, as commander hands them over (all optional: the file and defaults fill in). */
export interface RunFlags {
  config?: string;
  api?: string;
  token?: string[];
  channel?: string;
  suite?: string[];
  check?: string[];
  seed?: number;
  runs?: number;
  path?: string;
  expectUrlTtl?: number;
  expectMaxBytes?: number;
  out?: string;
  reporter?: string[];
  strict?: boolean;
  list?: boolean;
  fault?: string[];
  ca?: string;
  insecure?: boolean;
  replyTimeout?: number;
  helloTimeout?: number;
  closeTimeout?: number;
  quietTime?: number;
  httpTimeout?: number;
  maxFrameBytes?: number;
  concurrency?: number;
}

export interface Selection {
  include: string[];
  exclude: string[];
}

/** Everything a run needs, with flags over the file over the defaults. */
export interface RunOptions {
  configFile?: string;
  target: { api?: string; tokens: string[]; channel?: string };
  embeddedFaults: string[];
  expect: { urlTtlSec: number; maxMessageBytes: number };
  seed: number;
  runs: number;
  path?: string;
  suites: Selection;
  checks: Selection;
  out: string;
  formats: ReporterName[];
  strict: boolean;
  list: boolean;
  load?: ConfigFile['load'];
  tls?: TlsOptions;
  /** Overrides of the per-target default timeouts (ms). */
  timeouts: Partial<Record<'replyMs' | 'helloMs' | 'closeMs' | 'quietMs' | 'httpMs', number>>;
  maxFrameBytes: number;
  /** Server checks that run at once (clock-bound checks run beside them). */
  concurrency: number;
}

export const DEFAULT_RUNS = 20;
/** Server checks at once by default: a few, so real servers' rate limits are not the run's bottleneck. */
export const DEFAULT_CONCURRENCY = 4;
/** The socket URL lifetime the RTM page states: "valid for 30 seconds". */
export const DEFAULT_URL_TTL_SEC = 30;

export function resolveRunOptions(
  flags: RunFlags,
  env: NodeJS.ProcessEnv = process.env,
  cwd = process.cwd(),
): RunOptions {
  const configFile = configFileFor(flags.config, cwd);
  const file: ConfigFile = configFile ? loadConfigFile(resolvePath(cwd, configFile), env) : {};
  const target = resolveTarget(flags, file, env);
  const faults = flags.fault ?? file.embedded?.faults ?? [];
  if (target.api !== undefined && faults.length > 0)
    throw new HarnessError('E_USAGE', '--fault applies to the embedded server only; drop it or --api');
  if (flags.path !== undefined && (flags.check === undefined || flags.seed === undefined)) {
    throw new HarnessError('E_USAGE', '--path replays one counterexample: give it with --check and --seed');
  }
  return {
    tls: readTls(flags.ca, flags.insecure, cwd),
    timeouts: timeoutOverrides(flags),
    maxFrameBytes: flags.maxFrameBytes ?? 1024 * 1024,
    concurrency: flags.concurrency ?? DEFAULT_CONCURRENCY,
    configFile,
    target,
    embeddedFaults: faults,
    expect: {
      urlTtlSec: flags.expectUrlTtl ?? file.expect?.urlTtl ?? DEFAULT_URL_TTL_SEC,
      maxMessageBytes: flags.expectMaxBytes ?? file.expect?.maxMessageBytes ?? MAX_MESSAGE_BYTES,
    },
    seed: flags.seed ?? file.seed ?? randomInt(1, 2 ** 31 - 1),
    runs: flags.runs ?? file.runs ?? DEFAULT_RUNS,
    path: flags.path,
    suites: suiteSelection(flags, file),
    checks: selection(flags.check, file.checks),
    out: flags.out ?? file.reports?.out ?? 'rtm-conformance-report',
    formats: reporterNames(flags, file),
    strict: flags.strict ?? false,
    list: flags.list ?? false,
    load: file.load,
  };
}

/** What a run's target is, as `acquireTarget` takes it. */
export function targetSpecOf(options: RunOptions): TargetSpec {
  return {
    ...options.target,
    tls: options.tls,
    embedded: {
      faults: options.embeddedFaults,
      urlTtlMs: options.expect.urlTtlSec * 1000,
      maxMessageBytes: options.expect.maxMessageBytes,
      seed: options.seed,
    },
  };
}

function resolveTarget(flags: RunFlags, file: ConfigFile, env: NodeJS.ProcessEnv): RunOptions['target'] {
  const envTokens = tokensFromEnv(env);
  const tokens = flags.token?.length ? flags.token : envTokens.length ? envTokens : (file.target?.tokens ?? []);
  const api = flags.api ?? file.target?.api;
  if (api !== undefined) {
    let url: URL;
    try {
      url = new URL(api);
    } catch {
      throw new HarnessError('E_USAGE', `--api: not a URL: "${api}"`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      throw new HarnessError('E_USAGE', `--api: expected an http(s) URL, got ${url.protocol}`);
    if (tokens.length === 0)
      throw new HarnessError('E_USAGE', '--api needs at least one --token (or RTM_TOKEN, or target.tokens)');
  }
  return { api, tokens, channel: flags.channel ?? file.target?.channel };
}

function suiteSelection(flags: RunFlags, file: ConfigFile): Selection {
  const suites = selection(flags.suite, file.suites);
  for (const name of suites.include) assertKnownSuite(name, SUITE_NAMES);
  return suites;
}

/** A suite name given by hand is a glob or a known name; a name from before the renaming says what it is now. */
export function assertKnownSuite(name: string, known: readonly string[]): void {
  if (/[*?[{]/.test(name) || known.includes(name)) return;
  const now = RENAMED_SUITES[name];
  if (now && known.includes(now))
    throw new HarnessError(
      'E_USAGE',
      `--suite: suite "${name}" is now "${now}" (a suite's folder, name and id prefix are one word)`,
    );
  throw new HarnessError('E_USAGE', `--suite: unknown suite "${name}" (known: ${known.join(', ')})`);
}

function reporterNames(flags: RunFlags, file: ConfigFile): ReporterName[] {
  return checkReporterNames(flags.reporter?.length ? flags.reporter : (file.reports?.formats ?? [...REPORTER_NAMES]));
}

/** --reporter values as reporter names, each known, once; a usage error names an unknown one. */
export function checkReporterNames(names: readonly string[]): ReporterName[] {
  const formats = names as ReporterName[];
  for (const f of formats) {
    if (!(REPORTER_NAMES as readonly string[]).includes(f))
      throw new HarnessError('E_USAGE', `--reporter: unknown reporter "${f}" (known: ${REPORTER_NAMES.join(', ')})`);
  }
  return [...new Set(formats)];
}

function timeoutOverrides(flags: RunFlags): RunOptions['timeouts'] {
  const timeouts: RunOptions['timeouts'] = {};
  if (flags.replyTimeout !== undefined) timeouts.replyMs = flags.replyTimeout;
  if (flags.helloTimeout !== undefined) timeouts.helloMs = flags.helloTimeout;
  if (flags.closeTimeout !== undefined) timeouts.closeMs = flags.closeTimeout;
  if (flags.quietTime !== undefined) timeouts.quietMs = flags.quietTime;
  if (flags.httpTimeout !== undefined) timeouts.httpMs = flags.httpTimeout;
  return timeouts;
}

/** The config file: the flag's, else ./conformance.yaml when it exists, else none. */
export function configFileFor(flag: string | undefined, cwd: string): string | undefined {
  return flag ?? (existsSync(resolvePath(cwd, 'conformance.yaml')) ? 'conformance.yaml' : undefined);
}

/** Tokens from RTM_TOKEN, RTM_TOKEN_2, RTM_TOKEN_3, in that order. */
export function tokensFromEnv(env: NodeJS.ProcessEnv): string[] {
  return ['RTM_TOKEN', 'RTM_TOKEN_2', 'RTM_TOKEN_3'].map((k) => env[k]).filter((t): t is string => !!t);
}

/** --ca and --insecure as TLS options; an unreadable or non-PEM CA file is a usage error naming the flag. */
export function readTls(
  caFile: string | undefined,
  insecure: boolean | undefined,
  cwd: string,
): TlsOptions | undefined {
  if (caFile === undefined && !insecure) return undefined;
  let ca: string | undefined;
  if (caFile !== undefined) {
    try {
      ca = readFileSync(resolvePath(cwd, caFile), 'utf8');
    } catch (err) {
      throw new HarnessError(
        'E_USAGE',
        `--ca ${caFile}: cannot read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
      );
    }
    if (!ca.includes('-----BEGIN CERTIFICATE-----'))
      throw new HarnessError('E_USAGE', `--ca ${caFile}: not a PEM certificate`);
  }
  return { ca, insecure: insecure ?? false };
}

function selection(flag: string[] | undefined, fromFile: ConfigFile['suites']): Selection {
  if (flag?.length) return { include: flag, exclude: [] };
  if (Array.isArray(fromFile)) return { include: fromFile, exclude: [] };
  return { include: fromFile?.include ?? [], exclude: fromFile?.exclude ?? [] };
}
