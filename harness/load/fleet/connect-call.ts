import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { type TlsOptions, tlsConnectOptions } from '../../session/http-client.js';

/** What one rtm.connect call came to: a socket URL, a 429 with its wait, or a failure with its reason. */
export type ConnectAnswer =
  | { kind: 'url'; url: string }
  | { kind: 'rate-limited'; retryAfterMs: number }
  | { kind: 'failed'; reason: string };

const TIMEOUT_MS = 10_000;
const MAX_BODY_BYTES = 64 * 1024;
/** Retry-After past this is not waited for as given: the fleet is bounded in time. */
const MAX_RETRY_AFTER_MS = 65_000;

/**
 * rtm.connect for many connections: POST, Bearer header, over a keep-alive agent (a storm of calls must not
 * spend an ephemeral port each), with a deadline and a body cap. One call, no retries: the fleet decides.
 */
export class ConnectCaller {
  private readonly agent: HttpAgent;
  private readonly url: URL;

  constructor(
    apiUrl: string,
    maxSockets: number,
    private readonly tls?: TlsOptions,
  ) {
    this.url = new URL('rtm.connect', apiUrl.endsWith('/') ? apiUrl : `${apiUrl}/`);
    const options = { keepAlive: true, maxSockets, ...tlsConnectOptions(tls) };
    this.agent = this.url.protocol === 'https:' ? new HttpsAgent(options) : new HttpAgent(options);
  }

  call(token: string, retried = false): Promise<ConnectAnswer> {
    return new Promise((resolve) => {
      let settled = false;
      const settle = (a: ConnectAnswer) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(a);
      };
      const send = this.url.protocol === 'https:' ? httpsRequest : httpRequest;
      const req = send(this.url, {
        method: 'POST',
        agent: this.agent,
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/x-www-form-urlencoded',
          'content-length': '0',
        },
        ...(this.url.protocol === 'https:' ? tlsConnectOptions(this.tls) : {}),
      });
      const timer = setTimeout(() => {
        req.destroy();
        settle({ kind: 'failed', reason: 'rtm.connect timeout' });
      }, TIMEOUT_MS);
      req.on('error', (e: NodeJS.ErrnoException) => {
        // Reset before any answer: mostly a kept-alive socket the server closed as we reused it (its keep-alive
        // timeout). rtm.connect only issues a ticket, so it goes again once on a fresh socket, as HTTP clients do.
        if (e.code === 'ECONNRESET' && !retried && !settled) {
          settled = true;
          clearTimeout(timer);
          return resolve(this.call(token, true));
        }
        settle({ kind: 'failed', reason: `rtm.connect ${e.code ?? 'error'}` });
      });
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size > MAX_BODY_BYTES) {
            req.destroy();
            settle({ kind: 'failed', reason: 'rtm.connect body too large' });
          } else chunks.push(c);
        });
        res.on('error', () => settle({ kind: 'failed', reason: 'rtm.connect broke off' }));
        res.on('end', () => {
          if (res.statusCode === 429) {
            const header = Number.parseInt(String(res.headers['retry-after'] ?? ''), 10);
            const ms = (Number.isFinite(header) && header >= 0 ? header : 5) * 1000;
            return settle({ kind: 'rate-limited', retryAfterMs: Math.min(ms, MAX_RETRY_AFTER_MS) });
          }
          settle(answerOf(res.statusCode ?? 0, Buffer.concat(chunks).toString('utf8')));
        });
      });
      req.end();
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

function answerOf(status: number, text: string): ConnectAnswer {
  let body: { ok?: unknown; url?: unknown; error?: unknown };
  try {
    body = JSON.parse(text);
  } catch {
    return { kind: 'failed', reason: `rtm.connect HTTP ${status}, not JSON` };
  }
  if (body?.ok === true && typeof body.url === 'string') return { kind: 'url', url: body.url };
  return { kind: 'failed', reason: `rtm.connect ${typeof body?.error === 'string' ? body.error : `HTTP ${status}`}` };
}
