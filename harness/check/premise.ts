/**
 * What a check must have seen before its pass means anything ("no pass without evidence"). A check names
 * its premises; the runner, not the check, refuses a pass when one of them was never observed, and gives
 * the premise's outcome instead: `fail` when the clause requires the behaviour, `skip` when the target
 * simply lacks the feature, `error` when nothing could be tested.
 */
export type Premise =
  | 'hello'
  | 'reply'
  | 'ok-reply'
  | 'ts'
  | 'error-reply'
  | 'pong'
  | 'broadcast'
  | 'presence'
  | 'rate-limit'
  // Client mode: what the client under test must have done before a client check can pass.
  | 'client-connect'
  | 'echo'
  | 'reconnect'
  | 'client-ping'
  | 'second-token';

export type PremiseOutcome = 'fail' | 'skip' | 'error';

export interface PremiseInfo {
  /** What was not seen, as the message says it: "no <what> observed". */
  what: string;
  /** How the count reads in a pass message, one and many: "1 ok reply", "143 ok replies". */
  counted: [string, string];
  otherwise: PremiseOutcome;
  /** The check whose outcome explains the missing premise. */
  see?: string;
  /** How to provoke it, for a skip. */
  hint?: string;
}

export const PREMISES: Record<Premise, PremiseInfo> = {
  hello: {
    what: 'hello on any connection',
    counted: ['hello', 'hellos'],
    otherwise: 'error',
    see: 'connect.hello-in-time',
  },
  reply: { what: 'reply with a reply_to', counted: ['reply', 'replies'], otherwise: 'error', see: 'reply.correlates' },
  'ok-reply': {
    what: 'ok:true reply (no message was processed)',
    counted: ['ok reply', 'ok replies'],
    otherwise: 'error',
    see: 'reply.correlates',
  },
  ts: {
    what: 'ts in an ok:true reply',
    counted: ['ts compared', 'ts compared'],
    otherwise: 'error',
    see: 'ts.unique-and-ascending',
  },
  'error-reply': { what: 'well-formed error reply', counted: ['error reply', 'error replies'], otherwise: 'fail' },
  pong: { what: 'pong', counted: ['pong', 'pongs'], otherwise: 'error', see: 'ping.bare-pong' },
  broadcast: {
    what: "event delivered to another member's connection",
    counted: ['event delivered', 'events delivered'],
    otherwise: 'error',
    see: 'typing.user-typing-to-members',
  },
  presence: {
    what: 'presence_change for a subscribed user',
    counted: ['presence change seen', 'presence changes seen'],
    otherwise: 'error',
    see: 'presence.sub-replaces',
  },
  'rate-limit': {
    what: 'rate-limit reply',
    counted: ['rate-limit reply', 'rate-limit replies'],
    otherwise: 'skip',
    hint: 'the target did not rate-limit a burst of 40 messages on one connection; point the harness at a target that limits (embedded: --fault rate-limited) to check the shape of its replies',
  },
  'client-connect': {
    what: 'connection from the client',
    counted: ['client connection', 'client connections'],
    otherwise: 'error',
    see: 'client.connect',
  },
  echo: { what: 'echo from the client', counted: ['echo', 'echoes'], otherwise: 'error', see: 'client.echo' },
  reconnect: {
    what: 'reconnect by the client',
    counted: ['reconnect', 'reconnects'],
    otherwise: 'error',
    see: 'client.drop-reconnect',
  },
  'client-ping': { what: 'ping from the client', counted: ['ping', 'pings'], otherwise: 'fail' },
  'second-token': {
    what: 'connection with RTM_TOKEN_2',
    counted: ['Grid connection', 'Grid connections'],
    otherwise: 'skip',
    hint: 'the client connected with RTM_TOKEN only; connect RTM_TOKEN_2 too (a second workspace of the same Grid org) to be graded on duplicates',
  },
};

/** Counts of what a check observed, by premise or by a label of its own ("texts compared"). */
export class Evidence {
  private readonly counts = new Map<string, number>();

  saw(what: Premise | string, n = 1): void {
    if (n > 0) this.counts.set(what, (this.counts.get(what) ?? 0) + n);
  }

  count(what: Premise | string): number {
    return this.counts.get(what) ?? 0;
  }

  get total(): number {
    let n = 0;
    for (const v of this.counts.values()) n += v;
    return n;
  }

  /** "3 hellos, 143 ok replies, 143 ts compared". */
  summary(): string {
    const label = (k: string, n: number) => (k in PREMISES ? PREMISES[k as Premise].counted[n === 1 ? 0 : 1] : k);
    return [...this.counts].map(([k, n]) => `${n} ${label(k, n)}`).join(', ') || 'nothing';
  }
}
