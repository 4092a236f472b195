import type { IncomingMessage, ServerResponse } from 'node:http';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
import type { Redactor } from '../redact.js';
import { type TlsOptions, tlsConnectOptions } from '../session/http-client.js';
import type { Recorder } from './recorder.js';
import type { SocketUrlBook } from './socket-urls.js';

/** Largest request body relayed (Web API arguments are short) and largest rtm.connect/rtm.start answer rewritten. */
const MAX_REQUEST_BYTES = 8 << 20;
const MAX_CONNECT_ANSWER_BYTES = 64 << 20;
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'host', 'content-length']);
const TOKEN_IN_BODY = /(?:^|[&"'\s{,])token(?:=|"\s*:\s*")([^&"\s]+)/g;

export interface WebApiForward {
  /** The upstream Web API base, ending in `/`. */
  upstream: URL;
  tls?: TlsOptions;
  timeoutMs: number;
  urls: SocketUrlBook;
  recorder: Recorder;
  redactor: Redactor;
  /** `ws://host:port` of the proxy, for the URLs it hands out. */
  socketBase: () => string;
}

/**
 * Relays one Web API call to the upstream. The answer goes back as it came, except rtm.connect and rtm.start, whose
 * `url` becomes a socket URL of the proxy's own. Every token the client sends is added to the redactor first.
 */
export async function forwardWebApi(req: IncomingMessage, res: ServerResponse, f: WebApiForward): Promise<void> {
  const m = /^\/api\/([A-Za-z0-9._]+)(\?.*)?$/.exec(req.url ?? '');
  if (!m) return void res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  const [, method, query = ''] = m;
  const body = await readBounded(req, MAX_REQUEST_BYTES);
  if (body === undefined) return void res.writeHead(413).end();
  hideTokens(req, `${query}&${body.toString('utf8')}`, f.redactor);
  const rewrite = method === 'rtm.connect' || method === 'rtm.start';
  const headers: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(req.headers))
    if (v !== undefined && !HOP_BY_HOP.has(k) && !(rewrite && k === 'accept-encoding')) headers[k] = v;
  headers['content-length'] = String(body.length);
  const target = new URL(`${method}${query}`, f.upstream);
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  const up = send(target, {
    method: req.method,
    headers,
    ...(target.protocol === 'https:' ? tlsConnectOptions(f.tls) : {}),
    timeout: f.timeoutMs,
  });
  const fail = (status: number) => {
    up.destroy();
    f.recorder.note({ kind: 'http', t: f.recorder.now(), method, status });
    if (!res.headersSent) res.writeHead(status).end();
    else res.destroy();
  };
  up.on('timeout', () => fail(504));
  up.on('error', () => fail(502));
  up.on('response', async (answer) => {
    const status = answer.statusCode ?? 502;
    const out: Record<string, string | string[]> = {};
    for (const [k, v] of Object.entries(answer.headers)) if (v !== undefined && !HOP_BY_HOP.has(k)) out[k] = v;
    if (!rewrite) {
      f.recorder.note({ kind: 'http', t: f.recorder.now(), method, status });
      res.writeHead(status, out);
      answer.pipe(res);
      return;
    }
    const raw = await readBounded(answer, MAX_CONNECT_ANSWER_BYTES);
    if (raw === undefined) return fail(502);
    // Asked for none, an upstream may still compress: the URL inside must be rewritten all the same.
    const body = decoded(raw, answer.headers['content-encoding']);
    if (body === undefined) return fail(502);
    delete out['content-encoding'];
    const { text, url, ok } = rewriteSocketUrl(body, f);
    f.recorder.note({ kind: 'http', t: f.recorder.now(), method, status, ok, ...(url ? { url } : {}) });
    out['content-length'] = String(Buffer.byteLength(text));
    res.writeHead(status, out).end(text);
  });
  up.end(body);
}

/** The answer with its socket URL replaced by a fresh one of the proxy's (left as it is when it has none). */
function rewriteSocketUrl(text: string, f: WebApiForward): { text: string; url?: number; ok?: boolean } {
  let answer: Record<string, unknown>;
  try {
    answer = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return { text };
  }
  const ok = typeof answer.ok === 'boolean' ? answer.ok : undefined;
  if (typeof answer.url !== 'string' || !/^wss?:\/\//.test(answer.url)) return { text, ok };
  f.redactor.addSocketUrl(answer.url);
  const { path, url } = f.urls.issue(answer.url);
  f.redactor.add(path);
  return { text: JSON.stringify({ ...answer, url: `${f.socketBase()}/websocket/${path}` }), url: url.index, ok };
}

/** Bounded, like the body itself: a compressed answer that inflates past the bound is refused (502). */
const capped = { maxOutputLength: MAX_CONNECT_ANSWER_BYTES };

function decoded(raw: Buffer, encoding: string | undefined): string | undefined {
  try {
    const plain =
      encoding === 'gzip' || encoding === 'x-gzip'
        ? gunzipSync(raw, capped)
        : encoding === 'deflate'
          ? inflateSync(raw, capped)
          : encoding === 'br'
            ? brotliDecompressSync(raw, capped)
            : raw;
    return plain.toString('utf8');
  } catch {
    return undefined;
  }
}

function hideTokens(req: IncomingMessage, args: string, redactor: Redactor): void {
  const auth = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  if (auth) redactor.add(auth[1]);
  for (const m of args.matchAll(TOKEN_IN_BODY)) {
    redactor.add(m[1]);
    try {
      redactor.add(decodeURIComponent(m[1]));
    } catch {
      // Not percent-encoding: the literal is hidden already.
    }
  }
}

function readBounded(stream: NodeJS.ReadableStream, max: number): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) {
        resolve(undefined);
        (stream as IncomingMessage).destroy?.();
      } else chunks.push(chunk);
    });
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', () => resolve(undefined));
  });
}
