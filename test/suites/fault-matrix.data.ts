/**
 * The proof of the suites: for each fault, the checks that must fail against it (more may fail as a
 * consequence); every variation must pass everything. The README's matrix is rendered from this.
 */
export const FAULT_CATCHES: Record<string, string[]> = {
  'duplicate-ack': ['reply.correlates', 'ids.replies-name-sent-ids'],
  'drop-ack': ['reply.correlates'],
  'wrong-reply-to': ['reply.correlates', 'ids.replies-name-sent-ids'],
  'event-before-hello': ['connect.hello-first'],
  'no-hello': ['connect.hello-in-time', 'connect.hello-first'],
  'reusable-url': ['url.single-use'],
  'no-expiry': ['url.expiry'],
  'short-url-ttl': ['url.expiry'],
  'no-size-limit': ['size.over-limit-disconnects'],
  'strict-size-limit': ['size.limit-accepted'],
  'utf16-text-limit': ['size.non-bmp-4000'],
  'close-on-unknown-type': ['unknown.client-type-tolerated'],
  'duplicate-ts': ['ts.unique-and-ascending'],
  'unsortable-ts': ['ts.unique-and-ascending'],
  'numeric-ts': ['ts.unique-and-ascending'],
  'pong-drops-args': ['ping.echoes-flat-args'],
  'typing-replies': ['typing.no-reply'],
  'no-user-typing': ['typing.user-typing-to-members'],
  'error-without-reply-to': ['errors.text-missing'],
  'string-error-codes': ['errors.shape', 'errors.text-missing'],
  'thin-connect-response': ['connect.response-shape'],
  'lenient-auth': ['connect.auth-errors'],
  'global-ids': ['ids.per-connection'],
  'presence-sub-adds': ['presence.sub-replaces'],
  'presence-to-all': ['presence.only-subscribed'],
  'malformed-rate-limit': ['rate.reply-shape'],
  'mangles-unicode': ['reply.correlates'],
};

export const VARIATIONS = ['reorder-acks', 'chatty', 'url-detection', 'handshake-reject', 'size-close-1009', 'silent-unknown', 'rate-limited'];

/** The README table: one row per fault, the checks that catch it. */
export function renderMatrix(descriptions: Map<string, string>): string {
  const rows = Object.entries(FAULT_CATCHES).map(([fault, checks]) => `| \`${fault}\` | ${descriptions.get(fault) ?? ''} | ${checks.map((c) => `\`${c}\``).join(', ')} |`);
  const variations = VARIATIONS.map((v) => `| \`${v}\` | ${descriptions.get(v) ?? ''} | passes every check |`);
  return ['| fault or variation | what it does | fails |', '| --- | --- | --- |', ...rows, ...variations].join('\n');
}
