import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Behaviour } from './behaviour.js';
import type { FixtureUser } from './fixture.js';
import type { ServerObserver } from './observer.js';
import { type RateLimit, TokenBucket, retryAfterSeconds } from './rate-limit.js';
import type { TicketBook } from './tickets.js';
import type { Workspace } from './workspace.js';

/** Largest request body read (the Web API takes a handful of short arguments). */
const MAX_BODY_BYTES = 64 * 1024;

export interface WebApiOptions {
  workspace: Workspace;
  behaviour: Behaviour;
  tickets: TicketBook;
  connectRateLimit: RateLimit | false;
  /** `ws://host:port` the socket URLs point at. */
  socketBase: () => string;
  /** More tokens for fixture users (token → user id): Grid's one bot, a token per workspace. */
  extraTokens?: Record<string, string>;
  observer?: ServerObserver;
}

type Args = Record<string, string>;

/**
 * Slack's Web API conventions (rtm-protocol.md §1): GET or POST, token in a Bearer header, a form or
 * JSON body, or the query; errors as HTTP 200 `{ok:false,error}`; 429 with an integer Retry-After.
 */
export function createWebApi(options: WebApiOptions) {
  return new WebApi(options);
}

class WebApi {
  private readonly connectBuckets = new Map<string, TokenBucket>();

  constructor(private readonly options: WebApiOptions) {}

  async handle(req: IncomingMessage, res: ServerResponse, method: string): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const body = await readBody(req);
    if (body === undefined) return send(res, 413, { ok: false, error: 'request_too_large' });
    const args: Args = { ...Object.fromEntries(url.searchParams), ...parseBody(req, body) };
    const auth = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
    const token = auth?.[1] ?? args.token;
    switch (method) {
      case 'api.test':
        return send(res, 200, {
          ok: true,
          args: Object.fromEntries(Object.entries(args).filter(([k]) => k !== 'token')),
        });
      case 'auth.test':
        return this.authTest(res, token);
      case 'rtm.connect':
      case 'rtm.start':
        return this.rtmConnect(res, token, args, method);
      default:
        return send(res, 200, { ok: false, error: 'unknown_method' });
    }
  }

  private authTest(res: ServerResponse, token: string | undefined): void {
    const user = this.authenticate(res, token);
    if (!user) return;
    const team = this.options.workspace.fixture.team;
    send(res, 200, {
      ok: true,
      url: `https://${team.domain}.slack.com/`,
      team: team.name,
      user: user.name,
      team_id: team.id,
      user_id: user.id,
      ...(user.botId ? { bot_id: user.botId } : {}),
      is_enterprise_install: false,
    });
  }

  private rtmConnect(res: ServerResponse, token: string | undefined, args: Args, method: string): void {
    const canned = this.options.observer?.onConnectCall?.({ method, token });
    if (canned) {
      if (canned.retryAfterSec !== undefined) res.setHeader('Retry-After', String(canned.retryAfterSec));
      return send(res, canned.status, canned.body);
    }
    const user = this.authenticate(res, token);
    if (!user || this.connectRateLimited(res, user)) return;
    const ticket = this.options.tickets.issue(user, isTrue(args.batch_presence_aware), token);
    this.options.observer?.onTicketIssued?.(ticket);
    const team = this.options.workspace.fixture.team;
    const full = this.options.behaviour.fullConnectResponse;
    const response: Record<string, unknown> = {
      ok: true,
      url: `${this.options.socketBase()}/websocket/${ticket.id}`,
      team: full ? { id: team.id, name: team.name, domain: team.domain } : { id: team.id },
      self: full ? { id: user.id, name: user.name } : { id: user.id },
    };
    if (method === 'rtm.start') {
      response.warning = 'method_deprecated';
      response.response_metadata = { warnings: ['method_deprecated'] };
    }
    send(res, 200, response);
  }

  /** Answers 429 with Retry-After when the user's rtm.connect bucket is empty. */
  private connectRateLimited(res: ServerResponse, user: FixtureUser): boolean {
    const limit = this.options.behaviour.forcedConnectRateLimit ?? this.options.connectRateLimit;
    if (!limit) return false;
    let bucket = this.connectBuckets.get(user.id);
    if (!bucket) {
      bucket = new TokenBucket(limit);
      this.connectBuckets.set(user.id, bucket);
    }
    if (bucket.take() === 'ok') return false;
    res.setHeader('Retry-After', String(retryAfterSeconds(limit)));
    send(res, 429, { ok: false, error: 'ratelimited' });
    return true;
  }

  private authenticate(res: ServerResponse, token: string | undefined): FixtureUser | undefined {
    const { workspace, behaviour } = this.options;
    if (!token) return void send(res, 200, { ok: false, error: behaviour.missingTokenError });
    const extra = this.options.extraTokens?.[token];
    const known = workspace.usersByToken.get(token) ?? (extra ? workspace.usersById.get(extra) : undefined);
    const user = known ?? (behaviour.checkTokens ? undefined : workspace.fixture.users[0]);
    if (!user) return void send(res, 200, { ok: false, error: 'invalid_auth' });
    if (user.deactivated) return void send(res, 200, { ok: false, error: 'account_inactive' });
    return user;
  }
}

/** Booleans as real clients send them: `true/false` (Node), `1/0` (python). */
export function isTrue(value: string | undefined): boolean {
  return value === 'true' || value === '1';
}

function send(res: ServerResponse, status: number, body: object): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        resolve(undefined);
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', () => resolve(undefined));
  });
}

function parseBody(req: IncomingMessage, body: string): Args {
  if (body === '') return {};
  const type = (req.headers['content-type'] ?? '').toLowerCase();
  if (type.startsWith('application/json')) {
    try {
      const parsed: unknown = JSON.parse(body);
      if (typeof parsed !== 'object' || parsed === null) return {};
      return Object.fromEntries(
        Object.entries(parsed).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]),
      );
    } catch {
      return {};
    }
  }
  return Object.fromEntries(new URLSearchParams(body));
}
