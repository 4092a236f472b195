import { isRateLimitReply } from '../protocol/error-codes.js';
import type { RtmFrame } from '../protocol/frames.js';
import type { Frame, RtmSocket } from './rtm-socket.js';

export interface WindowResult {
  /** Ids in the order they were sent, with what was sent. */
  sent: { id: number; frame: Frame }[];
  /** Every reply (a frame with a reply_to) that arrived, by reply_to, in arrival order, as read when it arrived. */
  replies: Map<unknown, RtmFrame[]>;
  /** Ids with no reply when the wait ended. */
  missing: number[];
  /** Replies that name an id this window did not send. */
  strays: RtmFrame[];
  /** Rate-limit replies (code -1): replies all the same, but the sender should slow down. */
  rateLimited: number;
  closed: boolean;
}

/**
 * Sends `frames` back to back (pipelined, not waiting), each with the connection's next id, then waits
 * until every id has a reply or `timeoutMs` passes, and `settleMs` more so a duplicate can show.
 * Replies are matched by reply_to, in any order.
 */
export async function sendWindow(
  socket: RtmSocket,
  frames: Frame[],
  timeoutMs: number,
  settleMs: number,
  /** Which frames must be answered before the wait ends (default all); others may legally go unanswered. */
  awaited: (frame: Frame) => boolean = () => true,
): Promise<WindowResult> {
  const since = socket.position;
  const sent = frames.map((frame) => ({ id: socket.send(frame), frame }));
  const ids = new Set(sent.map((s) => s.id));
  const mustAnswer = sent.filter((s) => awaited(s.frame));
  const answered = () => {
    const got = new Set(socket.framesSince(since).map((f) => f.reply_to));
    return mustAnswer.every((s) => got.has(s.id));
  };
  const deadline = performance.now() + timeoutMs;
  while (!answered() && performance.now() < deadline) {
    const e = await socket.next(
      (ev) => ev.kind === 'frame' && typeof ev.frame.reply_to === 'number',
      Math.max(1, deadline - performance.now()),
      socket.position,
    );
    if (e.kind === 'closed') break;
  }
  if (frames.some((f) => f.type === 'ping'))
    socket.reportSilence(since, `no frame within ${timeoutMs} ms of ${frames.length} frames, pings among them`);
  if (socket.isOpen) await socket.next(() => false, settleMs, socket.position);
  const replies = new Map<unknown, RtmFrame[]>();
  const strays: RtmFrame[] = [];
  let rateLimited = 0;
  for (const read of socket.readsSince(since)) {
    const f = read.raw;
    if (!('reply_to' in f)) continue;
    if (!ids.has(f.reply_to as number)) strays.push(read);
    else replies.set(f.reply_to, [...(replies.get(f.reply_to) ?? []), read]);
    if (isRateLimitReply(f)) rateLimited += 1;
  }
  // Any reply to this window shows the target answers; none among a flood of other frames counts against it.
  if (mustAnswer.length > 0 && socket.isOpen)
    socket.reportReplies(since, replies.size > 0, `no reply within ${timeoutMs} ms to any of ${frames.length} frames`);
  return {
    sent,
    replies,
    missing: sent.filter((s) => !replies.has(s.id)).map((s) => s.id),
    strays,
    rateLimited,
    closed: !socket.isOpen,
  };
}
