import { MAX_MESSAGE_BYTES } from '../../protocol/frame-size.js';
import { isValidId } from '../../protocol/event-types.js';
import type { RecordedConnection, RecordedFrame, RecordedTraffic } from '../recorded-traffic.js';

/** A frame the client sent with an id. */
export interface SentFrame {
  id: number;
  type: string;
  frame: RecordedFrame;
  /** Whether its reply was due by the end: the reply timeout passed with the connection open, or the server closed it. */
  due: boolean;
}

/** One connection's ids and replies, matched. */
export interface Correlation {
  connection: RecordedConnection;
  /** The first frame sent with each id. */
  sent: Map<number, SentFrame>;
  replies: Map<number, RecordedFrame[]>;
  /** Replies naming an id that had not been sent on the connection before they came. */
  strays: RecordedFrame[];
  /** Ids the client sent more than once on the connection: whose reply is whose cannot be told (client.ids). */
  reused: Set<number>;
  /** Whether the server sent hello on the connection. */
  hello: boolean;
}

/**
 * Matches replies to the ids sent on each connection. A reply is a server frame with `reply_to`; it names a sent id
 * when that id went out on the same connection before it came. A frame over the size limit is never due a reply (the
 * server may disconnect instead). An id the client used twice is the client's fault, not judged against the server.
 */
export function correlate(traffic: RecordedTraffic): Correlation[] {
  const timeout = traffic.settings.replyTimeoutMs;
  return traffic.connections.map((connection) => {
    const sent = new Map<number, SentFrame>();
    const replies = new Map<number, RecordedFrame[]>();
    const strays: RecordedFrame[] = [];
    const reused = new Set<number>();
    const end = connection.closed?.t ?? traffic.endedAt;
    const serverClosed = connection.closed?.by === 'server';
    let hello = false;
    for (const f of connection.frames) {
      const raw = f.raw;
      if (!raw) continue;
      if (f.dir === 'client->server') {
        if (!isValidId(raw.id)) continue;
        if (sent.has(raw.id) || reused.has(raw.id)) {
          sent.delete(raw.id);
          replies.delete(raw.id);
          reused.add(raw.id);
          continue;
        }
        const due = f.bytes <= MAX_MESSAGE_BYTES && (serverClosed || end - f.t >= timeout);
        sent.set(raw.id, { id: raw.id, type: String(raw.type), frame: f, due });
        continue;
      }
      if (raw.type === 'hello') hello = true;
      if (!('reply_to' in raw)) continue;
      const to = raw.reply_to;
      if (typeof to === 'number' && reused.has(to)) continue;
      if (typeof to !== 'number' || !sent.has(to)) strays.push(f);
      else {
        const list = replies.get(to);
        if (list) list.push(f);
        else replies.set(to, [f]);
      }
    }
    return { connection, sent, replies, strays, reused, hello };
  });
}

/** What a judge says of `missing` (from `unanswered`) on `c`'s connection. */
export function noReplyTo(c: Correlation, missing: SentFrame[], timeoutMs: number): string {
  const ids = `id${missing.length > 1 ? 's' : ''} ${missing.map((m) => m.id).join(', ')}`;
  const closed = c.connection.closed?.by === 'server' ? ' (the server closed the connection)' : '';
  return `no reply to ${ids} on connection ${c.connection.conn} within ${timeoutMs} ms${closed}`;
}

/** Sent frames of these types that were due a reply and got none. */
export function unanswered(c: Correlation, types: readonly string[]): SentFrame[] {
  return [...c.sent.values()].filter((s) => types.includes(s.type) && s.due && !c.replies.has(s.id));
}
