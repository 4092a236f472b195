import { type FrameOf, type RtmFrame, as } from '../protocol/frames.js';
import { REQUIRES } from '../protocol/requirements.js';
import { isTs } from '../protocol/ts.js';
import { sameTextUpToUrlDetection } from '../protocol/url-formatting.js';
import { isRateLimitReply } from '../protocol/error-codes.js';
import { demand, show } from './violation.js';

/**
 * Shared verifiers of the frames checks read most: each demands one requirement of harness/protocol/requirements.ts
 * (the phrase a failing result's `expected` holds, and the fault matrix pins) and returns the frame typed.
 */

type Awaited = RtmFrame | 'closed' | 'timeout' | undefined;

/** The frame as the report shows it. */
export function shown(read: RtmFrame, max?: number): string {
  return show(read.raw, max);
}

/** A rate-limit reply (ok:false, code -1): a legal answer that processed nothing. */
export function isRateLimited(read: RtmFrame): boolean {
  return isRateLimitReply(read.raw);
}

/** A reply to a message: `ok` must be a boolean ("a boolean ok indicating whether they succeeded"). */
export function verifyReply(read: RtmFrame, id: number): 'ack' | 'ack-error' {
  demand(typeof read.raw.ok === 'boolean', REQUIRES.booleanOk, () => `reply to id ${id}: ${shown(read)}`);
  return read.raw.ok === true ? 'ack' : 'ack-error';
}

/** An ok:true reply: the canonical ts as a string, and the text that was sent (up to Slack's URL formatting). */
export function verifyAck(read: RtmFrame, sentText: string): void {
  demand(isTs(read.raw.ts), REQUIRES.ackWithTs, () => shown(read));
  const text = read.raw.text;
  demand(
    typeof text === 'string' && sameTextUpToUrlDetection(sentText, text),
    REQUIRES.ackText,
    () => `sent ${show(sentText)}, got text ${show(text)} in ${shown(read)}`,
  );
}

/** An ok:false reply: error {code: number, msg: string}. */
export function verifyErrorReply(read: RtmFrame, requirement: string = REQUIRES.errorReplyShape): FrameOf<'ack-error'> {
  const error = read.raw.error as Record<string, unknown> | undefined;
  demand(read.raw.ok === false && typeof error?.code === 'number' && typeof error.msg === 'string', requirement, () =>
    shown(read),
  );
  return read.raw as FrameOf<'ack-error'>;
}

/** The pong to ping `id`: it came within `timeoutMs`, with type "pong" and reply_to the ping's id. */
export function verifyPong(read: Awaited, id: number, timeoutMs: number): FrameOf<'pong'> {
  demand(typeof read === 'object', REQUIRES.pongInTime, () => `${read ?? 'timeout'} after ${timeoutMs} ms`);
  const pong = as(read, 'pong');
  demand(pong !== undefined && pong.reply_to === id, REQUIRES.pongReplyTo, () => `${shown(read)} to ping id ${id}`);
  return pong;
}
