import { HarnessError } from '../errors.js';
import { type TlsOptions, request } from './http-client.js';

export interface RtmConnectResult {
  url: string;
  team: { id: string; name: string; domain: string };
  self: { id: string; name: string };
  /** The whole response, for checks of its shape. */
  body: Record<string, unknown>;
  status: number;
}

export interface RtmConnectOptions {
  /** Web API base URL, e.g. https://slack.com/api/ */
  apiUrl: string;
  token: string | undefined;
  /** Extra arguments, sent in the form body. */
  args?: Record<string, string>;
  method?: 'rtm.connect' | 'rtm.start' | 'auth.test' | 'api.test';
  /** Per request; default 10 s. */
  timeoutMs?: number;
  /** Longest Retry-After honoured, and the total wait for 429s; default 65 s. */
  maxRetryWaitMs?: number;
  /** Largest response body read; default 1 MiB. */
  maxBodyBytes?: number;
  tls?: TlsOptions;
}

export interface WebApiResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Record<string, unknown>;
}

/** Calls a Web API method the way Slack's clients do: POST, Bearer header, form body. */
export async function callWebApi(options: RtmConnectOptions): Promise<WebApiResponse> {
  const method = options.method ?? 'rtm.connect';
  const url = new URL(method, options.apiUrl.endsWith('/') ? options.apiUrl : `${options.apiUrl}/`);
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const res = await request({
    url,
    method: 'POST',
    headers,
    body: new URLSearchParams(options.args ?? {}).toString(),
    timeoutMs: options.timeoutMs ?? 10_000,
    maxBodyBytes: options.maxBodyBytes ?? 1024 * 1024,
    tls: options.tls,
    what: method,
  });
  if (res.status >= 300 && res.status < 400) {
    throw new HarnessError(
      'E_TARGET_UNREACHABLE',
      `${method}: HTTP ${res.status} redirect (not followed, as Slack's clients do not)`,
    );
  }
  let body: unknown;
  try {
    body = JSON.parse(res.body);
  } catch {
    throw new HarnessError('E_TARGET_UNREACHABLE', `${method}: HTTP ${res.status}, and the body is not JSON`);
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new HarnessError('E_TARGET_UNREACHABLE', `${method}: HTTP ${res.status}, and the body is not a JSON object`);
  }
  return { status: res.status, headers: res.headers, body: body as Record<string, unknown> };
}

/** rtm.connect with Slack's conventions: 429 + Retry-After honoured up to a bound, ok:false surfaced with its code. */
export async function rtmConnect(options: RtmConnectOptions): Promise<RtmConnectResult> {
  const maxWait = options.maxRetryWaitMs ?? 65_000;
  let waited = 0;
  for (;;) {
    const res = await callWebApi(options);
    if (res.status === 429) {
      const header = res.headers['retry-after'];
      const retryAfter = Number.parseInt(Array.isArray(header) ? header[0] : (header ?? ''), 10);
      const waitMs = (Number.isFinite(retryAfter) && retryAfter >= 0 ? retryAfter : 5) * 1000;
      if (waited + waitMs > maxWait) {
        throw new HarnessError(
          'E_RATE_LIMITED',
          `rtm.connect: rate limited (HTTP 429) past the ${maxWait / 1000} s the harness waits`,
        );
      }
      waited += waitMs;
      await new Promise((r) => setTimeout(r, waitMs));
      continue;
    }
    const body = res.body;
    if (body.ok !== true) {
      const code = typeof body.error === 'string' ? body.error : 'no error code';
      throw new HarnessError(
        'E_RTM_CONNECT',
        `${options.method ?? 'rtm.connect'}: ok:false, error "${code}" (HTTP ${res.status})`,
        code,
      );
    }
    if (typeof body.url !== 'string')
      throw new HarnessError('E_RTM_CONNECT', 'rtm.connect: ok:true without a url', 'no_url');
    return {
      url: body.url,
      team: body.team as RtmConnectResult['team'],
      self: body.self as RtmConnectResult['self'],
      body,
      status: res.status,
    };
  }
}
