/**
 * The error objects the reference server sends. Slack publishes no table (rtm-protocol.md §5.1):
 * codes 1, 2, 4 and -1 are Slack's own; the others are ours, chosen not to collide with them.
 */
export const RTM_ERRORS = {
  url_refused: { code: 1, msg: 'Socket URL has expired' },
  text_missing: { code: 2, msg: 'message text is missing' },
  rate_limited: { code: -1, msg: 'slow down, too many messages...' },
  channel_not_found: { code: 5, msg: 'channel not found' },
  not_in_channel: { code: 6, msg: 'not in channel' },
  unknown_type: { code: 7, msg: 'unsupported type' },
  invalid_json: { code: 8, msg: 'invalid JSON: a frame must be a JSON object' },
  invalid_frame: { code: 9, msg: 'binary frames are not supported' },
  invalid_ids: { code: 10, msg: 'ids must be an array of user ids' },
  too_many_ids: { code: 11, msg: 'at most 500 ids' },
} as const;

export type RtmErrorName = keyof typeof RTM_ERRORS;
