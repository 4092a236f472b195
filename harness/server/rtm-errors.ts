import { SLACK_RTM_ERRORS } from '../protocol/error-codes.js';

/**
 * The error objects the reference server sends: Slack's own codes (from the protocol room), and ours for
 * what Slack leaves unnamed, chosen not to collide with Slack's.
 */
export const RTM_ERRORS = {
  ...SLACK_RTM_ERRORS,
  channel_not_found: { code: 5, msg: 'channel not found' },
  not_in_channel: { code: 6, msg: 'not in channel' },
  unknown_type: { code: 7, msg: 'unsupported type' },
  invalid_json: { code: 8, msg: 'invalid JSON: a frame must be a JSON object' },
  invalid_frame: { code: 9, msg: 'binary frames are not supported' },
  invalid_ids: { code: 10, msg: 'ids must be an array of user ids' },
  too_many_ids: { code: 11, msg: 'at most 500 ids' },
  refused: { code: 12, msg: 'refused' },
} as const;

export type RtmErrorName = keyof typeof RTM_ERRORS;
