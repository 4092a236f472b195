import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { HarnessError } from '../errors.js';
import type { RawFrame } from '../protocol/frames.js';
import { type Direction, RECORDING_VERSION, type RecordLine, type RecordingSettings } from './recording.js';

/** One frame of a connection, parsed once (`raw` is undefined for a frame that is not a JSON object). */
export interface RecordedFrame {
  t: number;
  dir: Direction;
  bytes: number;
  raw?: RawFrame;
  /** Only the head of the frame was kept: its content cannot be judged, its size can. */
  cut: boolean;
}

/** One relayed connection, as the judges read it. */
export interface RecordedConnection {
  conn: number;
  /** Index of the socket URL it used, and which use of that URL it was (1: the first). */
  url: number;
  attempt: number;
  openedAt: number;
  frames: RecordedFrame[];
  wsPings: { t: number; dir: Direction }[];
  closed?: { t: number; by: 'client' | 'server' | 'proxy'; code: number; reason: string };
}

/** A whole recording, read back: what the proxy saw, nothing it did not. */
export interface RecordedTraffic {
  upstream: string;
  settings: RecordingSettings;
  connections: RecordedConnection[];
  /** Upgrade attempts refused, and on which URL (absent: a URL the proxy never handed out). */
  refused: { t: number; url?: number; attempt?: number; status: number }[];
  /** Socket URLs handed out by rtm.connect/rtm.start, by index. */
  urlsIssued: number;
  endedAt: number;
  /** Lines the proxy could not write (over its bound): judging a recording with holes would blame the peers. */
  dropped: number;
  /** Whether the last line (`end`) was there: a recording cut short (a crash) ends at its last whole line. */
  complete: boolean;
}

/** Reads a recording; a line that is not one of ours is a usage error naming file:line. */
export async function readRecording(file: string): Promise<RecordedTraffic> {
  const traffic: RecordedTraffic = {
    upstream: '',
    settings: { replyTimeoutMs: 5000, pingBoundMs: 10_000, maxFrameBytes: 1 << 20 },
    connections: [],
    refused: [],
    urlsIssued: 0,
    endedAt: 0,
    dropped: 0,
    complete: false,
  };
  const byConn = new Map<number, RecordedConnection>();
  let n = 0;
  const bad = (why: string) => new HarnessError('E_USAGE', `${file}:${n}: ${why}`);
  const input = createReadStream(file, 'utf8');
  const failed = new Promise<never>((_, reject) =>
    input.once('error', (err: NodeJS.ErrnoException) =>
      reject(new HarnessError('E_USAGE', `${file}: cannot read (${err.code ?? err.message})`)),
    ),
  );
  const lines = async () => {
    for await (const text of createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY })) {
      n += 1;
      if (text.trim() === '') continue;
      let line: RecordLine;
      try {
        line = JSON.parse(text) as RecordLine;
      } catch {
        throw bad('not a JSON line of a proxy recording');
      }
      if (n === 1) {
        if (line.kind !== 'meta' || line.version !== RECORDING_VERSION)
          throw bad(`not a proxy recording (version ${RECORDING_VERSION} meta line expected first)`);
        traffic.upstream = line.upstream;
        traffic.settings = line.settings;
        continue;
      }
      take(line, traffic, byConn, bad);
      if ('t' in line && typeof line.t === 'number') traffic.endedAt = Math.max(traffic.endedAt, line.t);
    }
  };
  await Promise.race([lines(), failed]);
  if (n === 0) throw new HarnessError('E_USAGE', `${file}: empty, not a proxy recording`);
  traffic.connections = [...byConn.values()];
  return traffic;
}

function take(
  line: RecordLine,
  traffic: RecordedTraffic,
  byConn: Map<number, RecordedConnection>,
  bad: (why: string) => Error,
): void {
  const connection = (conn: number) => {
    const c = byConn.get(conn);
    if (!c) throw bad(`connection ${conn} was never opened`);
    return c;
  };
  switch (line.kind) {
    case 'http':
      if (line.url !== undefined) traffic.urlsIssued = Math.max(traffic.urlsIssued, line.url);
      return;
    case 'open':
      byConn.set(line.conn, {
        conn: line.conn,
        url: line.url,
        attempt: line.attempt,
        openedAt: line.t,
        frames: [],
        wsPings: [],
      });
      return;
    case 'refused':
      traffic.refused.push({ t: line.t, url: line.url, attempt: line.attempt, status: line.status });
      return;
    case 'frame':
      connection(line.conn).frames.push({
        t: line.t,
        dir: line.dir,
        bytes: line.bytes,
        raw: line.cut || line.binary ? undefined : parseObject(line.frame),
        cut: !!line.cut,
      });
      return;
    case 'ws-ping':
      connection(line.conn).wsPings.push({ t: line.t, dir: line.dir });
      return;
    case 'close':
      connection(line.conn).closed = { t: line.t, by: line.by, code: line.code, reason: line.reason };
      return;
    case 'end':
      traffic.endedAt = line.t;
      traffic.dropped = line.dropped;
      traffic.complete = true;
      return;
    default:
      throw bad(`unknown line kind ${JSON.stringify((line as { kind?: unknown }).kind)}`);
  }
}

function parseObject(text: string): RawFrame | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as RawFrame) : undefined;
  } catch {
    return undefined;
  }
}
