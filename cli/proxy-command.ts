import { Command } from 'commander';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { checkReporterNames, readTls, tokensFromEnv } from '../harness/config/resolve.js';
import { REPORTER_NAMES } from '../harness/config/schema.js';
import { HarnessError } from '../harness/errors.js';
import { gradeRecording } from '../harness/proxy/grade.js';
import { startProxy } from '../harness/proxy/proxy.js';
import { Redactor } from '../harness/redact.js';
import { collect, intOption, warnIfInsecure } from './parse-options.js';
import { announceReport, listenersFor } from './reporters.js';
import { EXIT } from './run-command.js';
import { toolVersion } from './version.js';

interface ProxyFlags {
  upstream?: string;
  listen: string;
  duration?: number;
  out?: string;
  ca?: string;
  insecure?: boolean;
  replyTimeout: number;
  pingBound: number;
  maxFrameBytes: number;
  reporter?: string[];
  strict?: boolean;
}

/** The recording's name in the report folder. */
export const RECORDING_FILE = 'recording.jsonl';

/** `proxy --upstream URL`: relays a client's traffic to a server, records it, and grades both sides from it. */
export function proxyCommand(setExit: (code: number) => void): Command {
  return new Command('proxy')
    .description(
      'relay a client to an RTM server (point its Web API base URL here), record the traffic, and grade both sides from it on SIGINT or after --duration',
    )
    .option('--upstream <url>', "the server's Web API base URL, e.g. https://slack.com/api/")
    .option('--listen <host:port>', 'where the proxy listens (port 0: any free port)', '127.0.0.1:0')
    .option(
      '--duration <s>',
      'stop and grade after this many seconds (default: on SIGINT)',
      intOption('--duration', 1, 86_400),
    )
    .option(
      '--out <dir>',
      `report folder, with the recording as ${RECORDING_FILE} (default ./rtm-conformance-proxy-report)`,
    )
    .option('--ca <file>', 'trust this CA (PEM) for an https:// or wss:// upstream')
    .option('--insecure', 'do not verify the upstream TLS certificate at all (loudly)')
    .option(
      '--reply-timeout <ms>',
      'a reply later than this counts as none',
      intOption('--reply-timeout', 10, 600_000),
      5000,
    )
    .option(
      '--ping-bound <s>',
      'the longest silence a client may leave without a ping, seconds',
      intOption('--ping-bound', 1, 600),
      10,
    )
    .option(
      '--max-frame-bytes <n>',
      'largest frame or message read; a larger one ends the connection',
      intOption('--max-frame-bytes', 1024, 64 << 20),
      1 << 20,
    )
    .option('--reporter <name>', 'repeatable: console, json, junit, html, markdown (default: all)', collect)
    .option('--strict', 'a SHOULD that fails (warn) counts as a failure')
    .action(async (flags: ProxyFlags) => {
      if (!flags.upstream) throw new HarnessError('E_USAGE', 'proxy: --upstream <url> is required');
      const m = /^(.+):(\d{1,5})$/.exec(flags.listen);
      if (!m || Number(m[2]) > 65535)
        throw new HarnessError('E_USAGE', `--listen: HOST:PORT expected, got "${flags.listen}"`);
      const tls = readTls(flags.ca, flags.insecure, process.cwd());
      warnIfInsecure(tls?.insecure);
      const formats = checkReporterNames(flags.reporter?.length ? flags.reporter : REPORTER_NAMES);
      const out = flags.out ?? 'rtm-conformance-proxy-report';
      mkdirSync(out, { recursive: true });
      const recording = join(out, RECORDING_FILE);
      const secrets = tokensFromEnv(process.env);
      const proxy = await startProxy({
        upstream: flags.upstream,
        host: m[1].replace(/^\[(.*)\]$/, '$1'),
        port: Number(m[2]),
        recordingFile: recording,
        settings: {
          replyTimeoutMs: flags.replyTimeout,
          pingBoundMs: flags.pingBound * 1000,
          maxFrameBytes: flags.maxFrameBytes,
        },
        tls,
        secrets,
        tool: `rtm-conformance ${toolVersion()}`,
      });
      const redactor = new Redactor();
      for (const s of secrets) redactor.add(s);
      process.stdout.write(
        `rtm-conformance: proxy ${proxy.apiUrl} -> ${redactor.text(flags.upstream)}; point the client's Web API base URL at it; ${flags.duration ? `grading after ${flags.duration} s` : 'SIGINT to stop and grade'}\n`,
      );
      await new Promise<void>((resolve) => {
        const stop = () => {
          clearTimeout(timer);
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          resolve();
        };
        const timer = flags.duration ? setTimeout(stop, flags.duration * 1000) : undefined;
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await proxy.close();
      process.stdout.write(`rtm-conformance: recording in ${recording}\n`);
      const outcome = await gradeRecording(
        recording,
        { version: toolVersion(), strict: !!flags.strict },
        listenersFor(formats, out),
      );
      announceReport(formats, out);
      setExit(EXIT[outcome.verdict]);
    });
}
