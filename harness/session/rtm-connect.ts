import { HarnessError } from '../errors.js';

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
}

export interface WebApiResponse {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
}

/** Calls a Web API method the way Slack's clients do: POST, Bearer header, form body. */
export async function callWebApi(options: RtmConnectOptions): Promise<WebApiResponse> {
  const method = options.method ?? 'rtm.connect';
  const url = new URL(method, options.apiUrl.endsWith('/') ? options.apiUrl : `${options.apiUrl}/`);
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers,
      body: new URLSearchParams(options.args ?? {}).toString(),
      redirect: 'error',
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
    });
  } catch (err) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    const why = (err as Error).name === 'TimeoutError' ? 'no answer in time' : (cause?.code ?? cause?.message ?? (err as Error).message);
    throw new HarnessError('E_TARGET_UNREACHABLE', `${method}: the Web API could not be reached (${why})`);
  }
  const text = await readCapped(response, options.maxBodyBytes ?? 1024 * 1024, options.timeoutMs ?? 10_000, method);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new HarnessError('E_TARGET_UNREACHABLE', `${method}: HTTP ${response.status}, and the body is not JSON`);
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new HarnessError('E_TARGET_UNREACHABLE', `${method}: HTTP ${response.status}, and the body is not a JSON object`);
  }
  return { status: response.status, headers: response.headers, body: body as Record<string, unknown> };
}

/** rtm.connect with Slack's conventions: 429 + Retry-After honoured up to a bound, ok:false surfaced with its code. */
export async function rtmConnect(options: RtmConnectOptions): Promise<RtmConnectResult> {
  const maxWait = options.maxRetryWaitMs ?? 65_000;
  let waited = 0;
  for (;;) {
    const res = await callWebApi(options);
    if (res.status === 429) {
      const retryAfter = Number.parseInt(res.headers.get('retry-after') ?? '', 10);
      const waitMs = (Number.isFinite(retryAfter) && retryAfter >= 0 ? retryAfter : 5) * 1000;
      if (waited + waitMs > maxWait) {
        throw new HarnessError('E_RATE_LIMITED', `rtm.connect: rate limited (HTTP 429) past the ${maxWait / 1000} s the harness waits`);
      }
      waited += waitMs;
      await new Promise((r) => setTimeout(r, waitMs));
      continue;
    }
    const body = res.body;
    if (body.ok !== true) {
      const code = typeof body.error === 'string' ? body.error : 'no error code';
      throw new HarnessError('E_RTM_CONNECT', `rtm.connect: ok:false, error "${code}" (HTTP ${res.status})`, code);
    }
    if (typeof body.url !== 'string') throw new HarnessError('E_RTM_CONNECT', 'rtm.connect: ok:true without a url', 'no_url');
    return {
      url: body.url,
      team: body.team as RtmConnectResult['team'],
      self: body.self as RtmConnectResult['self'],
      body,
      status: res.status,
    };
  }
}

/** Reads a body up to a size cap and a deadline: a target that streams forever costs seconds, not memory. */
async function readCapped(response: Response, maxBytes: number, timeoutMs: number, method: string): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  const deadline = performance.now() + timeoutMs;
  try {
    for (;;) {
      const remaining = deadline - performance.now();
      if (remaining <= 0) throw new HarnessError('E_TARGET_UNREACHABLE', `${method}: the response body did not end within ${timeoutMs} ms`);
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), remaining)));
      const chunk = await Promise.race([reader.read(), timeout]).finally(() => clearTimeout(timer));
      if (chunk === 'timeout') throw new HarnessError('E_TARGET_UNREACHABLE', `${method}: the response body did not end within ${timeoutMs} ms`);
      if (chunk.done) break;
      size += chunk.value.byteLength;
      if (size > maxBytes) throw new HarnessError('E_TARGET_UNREACHABLE', `${method}: the response body is over ${maxBytes} bytes`);
      chunks.push(chunk.value);
    }
  } finally {
    reader.cancel().catch(() => undefined);
  }
  return Buffer.concat(chunks).toString('utf8');
}
