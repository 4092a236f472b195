/**
 * The RTM error codes Slack itself uses. Slack publishes no table; these are the ones its page and its
 * clients name (https://api.slack.com/legacy/rtm#errors, https://api.slack.com/apis/rate-limits#rtm):
 * 1 for a socket URL that is used or expired, 2 for a message without text, -1 for "slow down".
 */
export const SLACK_RTM_ERRORS = {
  url_refused: { code: 1, msg: 'Socket URL has expired' },
  text_missing: { code: 2, msg: 'message text is missing' },
  rate_limited: { code: -1, msg: 'slow down, too many messages...' },
} as const;

type Frame = Record<string, unknown>;

/** The error object of a frame, when it has the shape `{code: number, msg: string}`. */
export function errorOf(frame: Frame): { code: number; msg: string } | undefined {
  const error = frame.error as Record<string, unknown> | undefined;
  if (typeof error !== 'object' || error === null) return undefined;
  return typeof error.code === 'number' && typeof error.msg === 'string'
    ? { code: error.code, msg: error.msg }
    : undefined;
}

/** An error reply: "If there is an error processing an event the message server will reply with an error". */
export function isErrorReply(frame: Frame): boolean {
  return frame.ok === false && errorOf(frame) !== undefined;
}

/** A rate-limit reply: ok:false with code -1. */
export function isRateLimitReply(frame: Frame): boolean {
  return frame.ok === false && errorOf(frame)?.code === SLACK_RTM_ERRORS.rate_limited.code;
}

/** The refusal of a used or expired URL: `{"type":"error","error":{"code":1,"msg":"Socket URL has expired"}}`. */
export function isExpiredUrlError(frame: Frame): boolean {
  const error = errorOf(frame);
  return (
    frame.type === 'error' &&
    error?.code === SLACK_RTM_ERRORS.url_refused.code &&
    error.msg === SLACK_RTM_ERRORS.url_refused.msg
  );
}
