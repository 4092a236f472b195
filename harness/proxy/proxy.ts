import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { HarnessError } from '../errors.js';
import { Redactor } from '../redact.js';
import type { TlsOptions } from '../session/http-client.js';
import { relayUpgrade } from './byte-relay.js';
import { DEFAULT_RECORDER_BOUNDS, Recorder, type RecorderBounds } from './recorder.js';
import type { RecordingSettings } from './recording.js';
import { SocketUrlBook } from './socket-urls.js';
import { forwardWebApi } from './web-api-forward.js';

export interface ProxyOptions {
  /** The upstream Web API base URL (ending in `/api/` for Slack and the reference server). */
  upstream: string;
  host?: string;
  port?: number;
  /** The recording's file (JSON lines). */
  recordingFile: string;
  settings: RecordingSettings;
  tls?: TlsOptions;
  /** A whole Web API exchange with the upstream. */
  httpTimeoutMs?: number;
  /** The upstream's WebSocket upgrade. */
  handshakeTimeoutMs?: number;
  tool?: string;
  bounds?: RecorderBounds;
  /** Tokens known beforehand (a token the client sends is learnt as it goes by). */
  secrets?: string[];
}

export interface RunningProxy {
  /** The Web API base a client points at, ending in `/api/`. */
  readonly apiUrl: string;
  /** Ends every relayed connection (1001), stops listening and finishes the recording. */
  close(): Promise<void>;
}

/**
 * A recording proxy between an RTM client and an RTM server: it relays Web API calls and WebSocket frames unchanged,
 * replaces the socket URL of each rtm.connect/rtm.start answer with one of its own, and records the traffic, redacted,
 * for the passive judges (judges/). It sends nothing of its own.
 */
export async function startProxy(options: ProxyOptions): Promise<RunningProxy> {
  let upstream: URL;
  try {
    upstream = new URL(options.upstream.endsWith('/') ? options.upstream : `${options.upstream}/`);
  } catch {
    throw new HarnessError('E_USAGE', `--upstream: not a URL: ${options.upstream}`);
  }
  if (upstream.protocol !== 'http:' && upstream.protocol !== 'https:')
    throw new HarnessError('E_USAGE', `--upstream: http:// or https:// expected, got ${upstream.protocol}`);
  const redactor = new Redactor();
  for (const s of options.secrets ?? []) redactor.add(s);
  const recorder = new Recorder(
    options.recordingFile,
    { tool: options.tool ?? 'rtm-conformance', upstream: upstream.href, settings: options.settings },
    redactor,
    options.bounds ?? DEFAULT_RECORDER_BOUNDS,
  );
  const urls = new SocketUrlBook();
  const live = new Set<() => void>();
  let socketBase = '';
  const forward = {
    upstream,
    tls: options.tls,
    timeoutMs: options.httpTimeoutMs ?? 10_000,
    urls,
    recorder,
    redactor,
    socketBase: () => socketBase,
  };
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    forwardWebApi(req, res, forward).catch(() => {
      if (!res.headersSent) res.writeHead(502).end();
    });
  });
  let conns = 0;
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const url = urls.use(new URL(req.url ?? '/', 'http://proxy').pathname);
    if (!url) {
      recorder.note({ kind: 'refused', t: recorder.now(), status: 404 });
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    relayUpgrade(req, socket, head, url, ++conns, {
      tls: options.tls,
      recorder,
      maxFrameBytes: options.settings.maxFrameBytes,
      handshakeTimeoutMs: options.handshakeTimeoutMs ?? 10_000,
      live,
    });
  });
  const host = options.host ?? '127.0.0.1';
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(new HarnessError('E_USAGE', `--listen ${host}:${options.port ?? 0}: ${err.code ?? err.message}`)),
    );
    server.listen(options.port ?? 0, host, () => resolve((server.address() as AddressInfo).port));
  });
  const hostInUrl = host.includes(':') ? `[${host}]` : host;
  socketBase = `ws://${hostInUrl}:${port}`;
  return {
    apiUrl: `http://${hostInUrl}:${port}/api/`,
    async close() {
      for (const stop of [...live]) stop();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await recorder.end();
    },
  };
}
