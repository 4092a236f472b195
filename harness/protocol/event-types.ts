/**
 * The event and frame types the RTM page names (https://api.slack.com/legacy/rtm#events). Any other type
 * is one the page promises may come: "New event types will be added in the future".
 */
export const EVENT_TYPES = {
  hello: 'hello',
  goodbye: 'goodbye',
  message: 'message',
  error: 'error',
  ping: 'ping',
  pong: 'pong',
  typing: 'typing',
  userTyping: 'user_typing',
  presenceSub: 'presence_sub',
  presenceQuery: 'presence_query',
  presenceChange: 'presence_change',
  reconnectUrl: 'reconnect_url',
} as const;

/** "Every event should have a unique (for that connection) positive integer ID." */
export function isValidId(id: unknown): id is number {
  return typeof id === 'number' && Number.isSafeInteger(id) && id > 0;
}
