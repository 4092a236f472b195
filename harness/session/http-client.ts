import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { HarnessError } from '../errors.js';

/** How the harness trusts a TLS target: a private CA, or (loudly) no verification at all. */
export interface TlsOptions {
  /** PEM of the CA(s) to trust, in addition to none: when set, only these. */
  ca?: string;
  insecure?: boolean;
}

/** TLS options as node's https and ws take them; none for a plain target. */
export function tlsConnectOptions(tls: TlsOptions | undefined): { ca?: string; rejectUnauthorized?: boolean } {
  return tls ? { ca: tls.ca, rejectUnauthorized: !tls.insecure } : {};
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface HttpRequest {
  url: URL;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
  /** The whole exchange, body included: a target that trickles or never ends costs this long at most. */
  timeoutMs: number;
  maxBodyBytes: number;
  tls?: TlsOptions;
  /** Name for error messages (the Web API method). */
  what: string;
}

/**
 * One HTTP(S) request with a deadline and a body cap. Redirects are not followed (Slack's clients
 * treat a 3xx as a failure). Every failure is an E_TARGET_UNREACHABLE naming what went wrong.
 */
export function request(req: HttpRequest): Promise<HttpResponse> {
  return new Promise((resolve, reject) => {
    const fail = (why: string) => {
      clearTimeout(timer);
      r.destroy();
      reject(new HarnessError('E_TARGET_UNREACHABLE', `${req.what}: ${why}`));
    };
    const send = req.url.protocol === 'https:' ? httpsRequest : httpRequest;
    const r = send(req.url, {
      method: req.method,
      headers: {
        ...req.headers,
        ...(req.body !== undefined ? { 'content-length': String(Buffer.byteLength(req.body)) } : {}),
      },
      ...(req.url.protocol === 'https:' ? tlsConnectOptions(req.tls) : {}),
    });
    const timer = setTimeout(() => fail(`no complete answer within ${req.timeoutMs} ms`), req.timeoutMs);
    r.on('error', (err: NodeJS.ErrnoException) =>
      fail(`the Web API could not be reached (${err.code ?? err.message})`),
    );
    r.on('response', (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > req.maxBodyBytes) return fail(`the response body is over ${req.maxBodyBytes} bytes`);
        chunks.push(chunk);
      });
      res.on('error', (err) => fail(`the response broke off (${err.message})`));
      res.on('end', () => {
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') });
      });
    });
    r.end(req.body);
  });
}
