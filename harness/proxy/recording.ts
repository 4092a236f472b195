/**
 * What the proxy writes and `report RECORDING` reads: one JSON object a line, in the order things happened.
 * Times (`t`) are milliseconds since the proxy started (monotonic). No line holds a token or a socket URL: the
 * rtm.connect answer is reduced to the index of the URL it handed out, and every frame is redacted before it is
 * written. The first line says how the recording is to be judged, the last one how it ended.
 */
export const RECORDING_VERSION = 1;

/** Which way a frame went. */
export type Direction = 'client->server' | 'server->client';

/** How the recording is judged: the bounds the proxy ran with, so that `report` grades it again the same way. */
export interface RecordingSettings {
  /** A message or ping unanswered this long (while its connection stayed open) got no reply. */
  replyTimeoutMs: number;
  /** The longest silence on a connection a client may leave without a ping. */
  pingBoundMs: number;
  /** Frames over this many bytes were refused by the proxy itself (1009), not relayed. */
  maxFrameBytes: number;
}

export type RecordLine =
  | { kind: 'meta'; version: number; tool: string; upstream: string; settings: RecordingSettings }
  /** A Web API call relayed; rtm.connect/rtm.start that handed out a socket URL name its index (`url`). */
  | { kind: 'http'; t: number; method: string; status: number; ok?: boolean; url?: number }
  /** A WebSocket upgrade on socket URL `url` (its `attempt`-th use) relayed: connection `conn` is open. */
  | { kind: 'open'; t: number; conn: number; url: number; attempt: number }
  /** An upgrade refused (by the upstream, or by the proxy for a URL it never handed out: `url` absent). */
  | { kind: 'refused'; t: number; url?: number; attempt?: number; status: number }
  /** A text frame as relayed (redacted); `bytes` is its size on the wire; `cut` when only its head is kept. */
  | { kind: 'frame'; t: number; conn: number; dir: Direction; bytes: number; frame: string; cut?: true; binary?: true }
  /** A WebSocket ping (control frame) relayed. */
  | { kind: 'ws-ping'; t: number; conn: number; dir: Direction }
  /** A connection ended: by which side (the proxy, when it stopped or refused an oversized frame), code, reason. */
  | { kind: 'close'; t: number; conn: number; by: 'client' | 'server' | 'proxy'; code: number; reason: string }
  /** The last line: when recording stopped, and lines lost to the recording's bound (judging then refuses). */
  | { kind: 'end'; t: number; dropped: number };
