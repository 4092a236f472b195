/**
 * What server checks require, one constant phrase per requirement: a failing result's `expected` holds exactly
 * one of these, and the fault matrix pins the constant a fault must break (not a substring of free text).
 * What varies (the id, the text, the bound in use) goes in the result's `actual`. Grouped by the page's section.
 */
export const REQUIRES = {
  // https://api.slack.com/methods/rtm.connect
  notAuthedWithoutToken: 'ok:false, error "not_authed", no url, for a call without a token',
  refusedWithoutUrl: 'ok:false and no url for a token no workspace issued',
  invalidAuthError: 'error "invalid_auth" (or "not_authed") for a token no workspace issued',
  connectOk: 'HTTP 200 with ok:true',
  connectUrl: 'url: a ws:// or wss:// URL',
  connectTeam: 'team: {id, name, domain} strings',
  connectSelf: 'self: {id, name} strings',

  // https://api.slack.com/legacy/rtm#basics
  helloInTime: '{"type":"hello"} within the hello timeout',
  helloFirst: 'the first frame is {"type":"hello"}',
  helloOnFreshConnection: 'hello on a fresh connection before the check sends anything',
  urlWorksWithinLifetime: 'hello when a socket URL is used within its lifetime',
  expiredUrlRefused:
    'an expired socket URL refused at the upgrade, or {"type":"error","error":{"code":1,"msg":"Socket URL has expired"}} and a close',
  usedUrlRefused:
    'no hello for a used socket URL: a refusal at the upgrade, or {"type":"error","error":{"code":1,…}} and a close',
  oneHelloPerUrl: 'at most one connection per socket URL gets hello',
  raceHasWinner: 'hello on one of two connections racing for a fresh URL',
  queuedAfterHello: 'an event that occurred between rtm.connect and the connection, delivered after hello',
  queuedOnce: 'an event that occurred between rtm.connect and the connection, delivered once',

  // https://api.slack.com/legacy/rtm#sending-messages and #handling-responses
  noStrayReplies: 'no reply naming an id that was not sent',
  replyToEveryMessage: 'a reply to every message within the reply timeout',
  everyIdAnswered: 'a reply to every id sent (a message or a ping) within the reply timeout',
  exactlyOneReply: 'exactly one reply to each id',
  booleanOk: 'a boolean ok in every reply',
  ackWithTs: 'ok:true with a string ts',
  ackText: 'the text sent, in the ok:true reply (up to URL detection)',
  errorReplyShape: 'ok:false with error {code: number, msg: string}',
  idsStartAtOne: 'ids starting at 1 on each connection',
  replyOnEachConnection: 'a reply on each connection to every id it sent',
  ownTextPerConnection: "each connection's own text in its reply to a shared id",
  tsAsString: 'ts as a JSON string',
  tsAscending: 'ts ascending in ASCII order along a connection',
  tsUniqueInChannel: 'a ts unique within the channel',
  ackTsCanonical: "the ok:true reply's ts equal to the ts of the message event other members receive",

  // https://api.slack.com/legacy/rtm#limits
  limitAccepted: 'an ok:true reply to a frame of exactly the size limit',
  overLimitDisconnects: 'a disconnect without a reply to a frame over the size limit',
  nonBmp4000Accepted: 'an ok:true reply to 4000 non-BMP characters',
  rateLimitShape: 'a rate-limit reply {ok:false, reply_to, error:{code:-1, msg:string}}',
  rateLimitReplyTo: 'reply_to naming one of the messages sent',

  // https://api.slack.com/legacy/rtm#events
  staysOpenAfterUnknown: 'the connection stays open after frames of unknown types',
  acksAfterUnknown: 'an ok:true reply to each message among frames of unknown types',
  unknownRefusedWellFormed: 'no reply to a frame of unknown type, or ok:false with error {code, msg}',

  // https://api.slack.com/legacy/rtm#ping-pong
  pongInTime: 'a pong within the reply timeout',
  barePong: 'a pong with reply_to the ping id, for a ping with no extra arguments',
  pongReplyTo: 'type "pong" and reply_to the ping id',
  argumentsEchoed: 'every flat argument echoed with its value and JSON type',

  // https://api.slack.com/legacy/rtm#errors
  errorReplyInTime: 'an error reply within the reply timeout',
  errorReplyTo: 'reply_to the id of the message in error',
  textMissingError: 'ok:false with error {code: 2, msg: string}',
  errorObjectShape: 'error {code: integer, msg: string}',

  // https://api.slack.com/legacy/rtm#typing-indicators
  noReplyToTyping: 'no reply to a typing indicator',
  userTypingToMembers: "user_typing on the other member's connection",
  userTypingNames: 'user_typing naming the channel and the typing user',

  // https://api.slack.com/legacy/rtm#presence
  pongBoundsWait: 'a pong to the ping that bounds the wait',
  presenceOnSubscribe: 'presence_change for a newly subscribed user',
  noPresenceAfterUnsubscribe: 'no presence_change for a user after unsubscribing',
  subscriptionReplaced: 'presence_change for a user added again (the empty list replaced the subscription)',
  noPresenceUnsubscribed: 'no presence_change about an unsubscribed user',
} as const;

export type Requirement = (typeof REQUIRES)[keyof typeof REQUIRES];
