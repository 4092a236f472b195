import { BURST_MESSAGES, SUSTAINED_PER_SECOND } from './client-pace.js';
import { MAX_MESSAGE_BYTES, MAX_TEXT_CHARACTERS } from './frame-size.js';

/**
 * What the client checks (suites/client) require of an RTM client, one phrase per requirement: the `expected`
 * of a failing client check is one of these, word for word. No ids, texts, timeouts or counts in them: what a
 * check saw, and the bound it used, go in its `actual`.
 */
export const CLIENT_REQUIRES = {
  // Connecting (client.connect).
  connectCall: 'an rtm.connect or rtm.start call with RTM_TOKEN',
  socketUrlOpened: 'a socket URL opened within the connect timeout',

  // Echoing (client.connect, client.echo).
  echoWithinTimeout: 'the echo of the requested text within the echo timeout',
  echoInSameChannel: 'the echo in the channel the request came from',
  oneEchoPerRequest: 'one echo of each request',

  // Unknown and unexpected events (client.unknown-events, client.stale-reply-to, client.ping-when-idle).
  echoAfterUnknownEvents: 'an echo after unknown events',
  /** "this initial set of events may include a response to the last message sent on a previous connection" (#basics). */
  echoAfterStaleReplyTo: 'an echo after a reply_to the client never sent on this connection',
  connectionStaysOpen: 'the connection stays open',

  // Any bot as it is (--profile lifecycle): what a check did to it is followed by a --trigger, when one is given.
  /** Any frame but a ping counts: a bot without the echo contract answers in its own words. */
  answerToTrigger: 'a frame in answer to the trigger',

  // Keeping alive (client.ping-when-idle): "every few seconds", read as the ping bound (--ping-bound).
  pingEveryBoundWhileIdle: 'a ping at least every ping bound while idle',

  // Limits (client.message-size, client.rate).
  /** "The message server will disconnect any client that sends a message longer than 16 kilobytes" (#limits). */
  noFrameOverLimit: `no frame over ${MAX_MESSAGE_BYTES} bytes`,
  /**
   * "Clients should limit messages sent to channels to 4000 characters" (#limits): characters as code points (the
   * page's own arithmetic, 4000 non-BMP characters at 4 bytes each under 16k), in every part of a split text too.
   */
  textWithinCharacters: `no message text over ${MAX_TEXT_CHARACTERS} characters, whole or in parts`,
  echoAfterLongText: 'an echo of the ordinary request that followed the long one',
  echoesOfBurst: 'echoes of the burst of requests',
  /** "Clients should not send more than one message per second sustained" (#limits): a burst, then 1/s (client-pace.ts). */
  rateBurstThenOnePerSecond: `at most ${BURST_MESSAGES} messages at once, then no more than ${SUSTAINED_PER_SECOND} per second sustained`,

  // Enterprise Grid (client.grid-dedup).
  echoOfGridMessage: 'an echo of a message delivered on both connections',
  oneEchoPerGridMessage: 'one echo for one message (same ts on both connections)',

  // Reconnecting (client.goodbye-reconnect, client.queued-events, client.drop-reconnect, client.expired-url, client.reconnect-backoff).
  /** The page sets no time limit on reconnecting: the bound is one a slow but correct client meets (--reconnect-bound). */
  newConnectionWithinBound: 'a new connection within the reconnect bound',
  /** "Clients should try to quickly detect disconnections" (#ping-pong): speed, a SHOULD, judged once per cause (--reconnect-warn). */
  reconnectWithinWarnBound: 'a new connection within the reconnect-warn bound',
  /** Socket URLs are single-use and expire: each new connection needs its own rtm.connect (#basics). */
  freshConnectCall: 'a fresh rtm.connect call before each new connection',
  echoOnNewConnection: 'an echo on the new connection',
  /** "followed by any events that occurred between the call to rtm.connect and the connection" (#basics). */
  echoOfQueuedRequest: 'the echo of the request queued before the connection opened, on that connection',
  expiredUrlTriedOnce:
    'the expired URL tried once, then a fresh rtm.connect and a new connection within the reconnect bound',
  connectBackoff: 'at most 2 rtm.connect calls per second while refused',
  echoAfterReconnect: 'an echo after reconnecting',

  // The whole run (client.single-use-url, client.ids, client.survives).
  socketUrlUsedOnce: 'every socket URL used once',
  positiveIntegerIds: 'a positive integer id on every frame',
  idsUniquePerConnection: 'ids unique on each connection',
  /** A crash is charged to the check in progress and to client.survives: the same phrase for both. */
  processStillRunning: 'the process still running',
} as const;
