/**
 * How the reference server behaves, as switches. A conforming server is `conformingBehaviour()`;
 * each fault or variation under `faults/` changes exactly one thing here, so a test can say which
 * clause it broke.
 */

/** What an outgoing frame is, so a fault can pick its victims. */
export type FrameKind = 'hello' | 'ack' | 'error-reply' | 'pong' | 'event' | 'error-event' | 'goodbye';

export interface OutgoingFrame {
  kind: FrameKind;
  frame: Record<string, unknown>;
  /** Delay before the frame is written, in ms (0: at once). */
  delayMs: number;
}

export interface OutgoingContext {
  /** Per-connection counter of frames of this kind so far, starting at 1. */
  nth: number;
  random: () => number;
}

/** Rewrites one outgoing frame into zero or more. */
export type OutgoingTransform = (out: OutgoingFrame, ctx: OutgoingContext) => OutgoingFrame[];

export interface Behaviour {
  /** rtm.connect's team and self carry every required field (conforming) or only their ids (a fault). */
  fullConnectResponse: boolean;
  /** A token the workspace never issued is refused (conforming) or taken as the first user's (a fault). */
  checkTokens: boolean;
  /** The error for a call without a token: not_authed (conforming) or invalid_auth (a fault). */
  missingTokenError: 'not_authed' | 'invalid_auth';
  sendHello: boolean;
  /** Frames sent before hello (a fault). */
  beforeHello: Record<string, unknown>[];
  consumeTickets: boolean;
  expireTickets: boolean;
  /** How a refused URL is answered: in band (code 1 then close) or an HTTP 404 at the upgrade. */
  refusedUrl: 'in-band' | 'handshake-404';
  enforceSizeLimit: boolean;
  /** How an oversized frame ends the connection: a bare drop, or a close frame 1009. */
  sizeLimitClose: 'terminate' | 'close-1009';
  /** An unknown client type: an ok:false reply, nothing, or (a fault) a close after `closeAfterUnknown`. */
  unknownType: 'error-reply' | 'silent';
  closeAfterUnknown: number;
  /** Per channel (conforming) or per connection (a fault: two connections can share a ts). */
  tsScope: 'channel' | 'connection';
  /** Events that occurred between rtm.connect and the connection: after hello once (conforming), never, or twice (faults). */
  queuedEvents: 'after-hello' | 'dropped' | 'twice';
  /** Zero-padded sequence (conforming) or bare (a fault: "1.10" sorts before "1.9"). */
  tsPadding: boolean;
  pongEcho: 'all-flat' | 'strings-only';
  replyToTyping: boolean;
  errorRepliesCarryReplyTo: boolean;
  urlDetection: boolean;
  /** Unknown server events interleaved with everything (a legal variation). */
  chatty: boolean;
  presenceSubReplace: boolean;
  /** Presence changes go to subscribers only (conforming) or to every connection (a fault). */
  presenceToSubscribersOnly: boolean;
  /** Message ids are scoped per connection (conforming) or per user, discarding a reused one (a fault). */
  idScope: 'connection' | 'user';
  tsType: 'string' | 'number';
  /** A frame of exactly the limit is accepted (conforming) or refused (a fault). */
  sizeLimitInclusive: boolean;
  /** Texts longer than this many UTF-16 code units end the connection (a fault; conforming: no such rule). */
  maxTextUtf16Units: number;
  errorCodeType: 'number' | 'string';
  broadcastTyping: boolean;
  /** Multiplies the socket URL lifetime (a fault shortens it). */
  urlTtlFactor: number;
  /** Turns on a rate limit whatever the options say (a variation, and a fault's premise). */
  forcedRateLimit: { perSecond: number; burst: number; disconnectAfter: number } | undefined;
  /** Turns on a per-user rtm.connect limit (HTTP 429 + Retry-After) whatever the options say (a load fault). */
  forcedConnectRateLimit: { perSecond: number; burst: number; disconnectAfter: number } | undefined;
  /** Rate-limit replies as RTM sends them (conforming) or in the Web API's shape (a fault). */
  rateLimitReply: 'rtm' | 'web-api';
  /** Ack text as posted (conforming) or with characters outside the BMP dropped (a fault). */
  keepNonBmpInAcks: boolean;
  /** A degenerate target (vacuity matrix): a socket that closes at once, stays silent, or speaks garbage. */
  socketMode: 'rtm' | 'close-at-once' | 'silent' | 'garbage';
  /** A degenerate target: every frame with an id gets a well-formed ok:false error, nothing is processed. */
  refuseEverything: boolean;
  /** Events reach other members' connections (conforming) or nobody (a degenerate target). */
  broadcast: boolean;
  /** Drops the connection after this many acks (a load fault; conforming: never). */
  dropAfterAcks: number;
  transforms: OutgoingTransform[];
}

export function conformingBehaviour(): Behaviour {
  return {
    fullConnectResponse: true,
    checkTokens: true,
    missingTokenError: 'not_authed',
    sendHello: true,
    beforeHello: [],
    consumeTickets: true,
    expireTickets: true,
    refusedUrl: 'in-band',
    enforceSizeLimit: true,
    sizeLimitClose: 'terminate',
    unknownType: 'error-reply',
    closeAfterUnknown: Infinity,
    tsScope: 'channel',
    queuedEvents: 'after-hello',
    tsPadding: true,
    pongEcho: 'all-flat',
    replyToTyping: false,
    errorRepliesCarryReplyTo: true,
    urlDetection: false,
    chatty: false,
    presenceSubReplace: true,
    presenceToSubscribersOnly: true,
    idScope: 'connection',
    tsType: 'string',
    sizeLimitInclusive: true,
    maxTextUtf16Units: Infinity,
    errorCodeType: 'number',
    broadcastTyping: true,
    urlTtlFactor: 1,
    forcedRateLimit: undefined,
    forcedConnectRateLimit: undefined,
    rateLimitReply: 'rtm',
    keepNonBmpInAcks: true,
    socketMode: 'rtm',
    refuseEverything: false,
    broadcast: true,
    dropAfterAcks: Infinity,
    transforms: [],
  };
}
