import type { RtmFrame } from '../protocol/frames.js';

/**
 * What a verifier reads: frames, the close, and its own timeouts are all events (h2spec's style). A frame is
 * read once, as it arrives: `rtm` is its kind on the page, typed (harness/protocol/frames.ts).
 */
export type ConnectionEvent =
  | { kind: 'frame'; frame: Record<string, unknown>; rtm: RtmFrame; bytes: number; at: number }
  | { kind: 'unparsable'; text: string; at: number }
  | { kind: 'closed'; code: number; reason: string; at: number }
  | { kind: 'timeout'; at: number };

/** How much of a connection is kept in memory (defaults in EventShelves). */
export interface ShelfBounds {
  /**
   * What answers the harness kept in memory: replies (acks, errors, pongs), hello, error and goodbye events, the
   * close (default 20 000 events and 4 MiB, each event counted as its frame's bytes plus EVENT_OVERHEAD_BYTES).
   * Past a bound the oldest go, but the first HEAD_EVENTS of the connection.
   */
  maxEvents?: number;
  maxEventBytes?: number;
  /**
   * Apart from those, and each bounded on its own so that a flood of one cannot push out the others: the other
   * events the page describes (message, presence_change, user_typing; default the latest 400, at most a quarter
   * of maxEventBytes), and events of unknown types and unparsable frames (default the latest 200, at most an
   * eighth). Small on purpose: under a flood, events kept longer survive the young generation and V8 starts
   * allocating them in the old one (1000 of each took a flooded run from 160 MB to 230-260 MB peak RSS). Waits
   * see every event as it arrives; `position` counts them all.
   */
  maxBroadcastEvents?: number;
  maxUnknownEvents?: number;
}

/** What an event costs in memory beyond its frame's bytes (the parsed object, its reading), for the byte bound. */
export const EVENT_OVERHEAD_BYTES = 256;
/** The first events of a connection are never dropped: the order hello arrived in is evidence. */
const HEAD_EVENTS = 16;

/** One event kept in memory: its position on the connection, and what it costs. */
interface Kept {
  seq: number;
  event: ConnectionEvent;
  cost: number;
}

/** Events of one kind kept in memory, in arrival order, within their own bounds. */
interface Shelf {
  list: Kept[];
  bytes: number;
  maxEvents: number;
  maxBytes: number;
}

/** The events of `list` at or after position `since` (positions ascend: a binary search). */
function from(list: Kept[], since: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid].seq < since) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Which shelf an event is kept on: what answers the harness, the other events the page describes, the rest. */
function shelfOf(event: ConnectionEvent): 'answers' | 'broadcast' | 'unknown' {
  if (event.kind === 'unparsable') return 'unknown';
  if (event.kind !== 'frame') return 'answers';
  switch (event.rtm.kind) {
    case 'event':
    case 'other':
      return 'unknown';
    case 'message':
    case 'presence_change':
    case 'user_typing':
      return 'broadcast';
    case 'malformed':
      return 'reply_to' in event.rtm.raw ? 'answers' : 'broadcast';
    default:
      return 'answers';
  }
}

/**
 * The events of one connection kept in memory, on three shelves each with its own bounds (see SocketOptions):
 * what answers the harness, the other events the page describes, and the rest. Positions count every event that
 * arrived, kept or not, so a reader can ask for what came from a position on.
 */
export class EventShelves {
  private readonly shelves: Record<'answers' | 'broadcast' | 'unknown', Shelf>;
  private seq = 0;
  /** Events dropped to stay within the bounds. */
  dropped = 0;

  constructor(options: ShelfBounds) {
    const bytes = options.maxEventBytes ?? 4 * 1024 * 1024;
    const shelf = (maxEvents: number, maxBytes: number): Shelf => ({ list: [], bytes: 0, maxEvents, maxBytes });
    this.shelves = {
      answers: shelf(options.maxEvents ?? 20_000, bytes),
      broadcast: shelf(options.maxBroadcastEvents ?? 400, bytes / 4),
      unknown: shelf(options.maxUnknownEvents ?? 200, bytes / 8),
    };
  }

  /** The position of the next event to arrive. */
  get position(): number {
    return this.seq;
  }

  /** Keeps an event (`bytes`: what its frame weighed), dropping the oldest of its shelf past the bounds. */
  push(event: ConnectionEvent, bytes: number): void {
    const kept = { seq: this.seq++, event, cost: bytes + EVENT_OVERHEAD_BYTES };
    // The first events of a connection stay whatever they are: the order hello came in is evidence.
    const shelf = this.shelves[kept.seq < HEAD_EVENTS ? 'answers' : shelfOf(event)];
    shelf.list.push(kept);
    shelf.bytes += kept.cost;
    if (shelf.list.length > shelf.maxEvents || shelf.bytes > shelf.maxBytes) this.trim(shelf);
  }

  /** Every event from position `since` on still in memory, in arrival order. */
  since(since: number): ConnectionEvent[] {
    const lists = [this.shelves.answers.list, this.shelves.broadcast.list, this.shelves.unknown.list];
    const at = lists.map((list) => from(list, since));
    const out: ConnectionEvent[] = [];
    for (;;) {
      // The earliest of the three next events: a merge of lists already in order.
      let pick = -1;
      for (let k = 0; k < 3; k++)
        if (at[k] < lists[k].length && (pick < 0 || lists[k][at[k]].seq < lists[pick][at[pick]].seq)) pick = k;
      if (pick < 0) return out;
      out.push(lists[pick][at[pick]++].event);
    }
  }

  /**
   * Drops the oldest events of a shelf down to half its bounds at once (amortised O(1) per event under a flood),
   * but the first HEAD_EVENTS of the connection and the newest event (it may be the close).
   */
  private trim(shelf: Shelf): void {
    const { list } = shelf;
    const start = from(list, HEAD_EVENTS);
    let end = start;
    while (
      end < list.length - 1 &&
      (list.length - (end - start) > shelf.maxEvents / 2 || shelf.bytes > shelf.maxBytes / 2)
    ) {
      shelf.bytes -= list[end].cost;
      end += 1;
    }
    list.splice(start, end - start);
    this.dropped += end - start;
  }
}
