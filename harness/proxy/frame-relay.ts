import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, type WebSocketServer } from 'ws';
import { type TlsOptions, tlsConnectOptions } from '../session/http-client.js';
import type { Recorder } from './recorder.js';
import type { Direction } from './recording.js';
import type { IssuedUrl } from './socket-urls.js';

/** Bytes queued towards one side before the other side's reading pauses until they drain. */
const MAX_BUFFERED_BYTES = 8 << 20;

export interface RelayOptions {
  wss: WebSocketServer;
  tls?: TlsOptions;
  recorder: Recorder;
  maxFrameBytes: number;
  handshakeTimeoutMs: number;
  /** Every open pair, so that the proxy can end them when it stops. */
  live: Set<() => void>;
}

/**
 * One client upgrade on a proxy URL: the upstream connection is opened first, with the upstream's own URL, and the
 * client's upgrade is completed only once it is open, so a refusal reaches the client as the upstream's refusal (its
 * status). Then every frame and control frame is relayed unchanged, both ways, and recorded after it is sent.
 */
export function relayUpgrade(
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  url: IssuedUrl,
  conn: number,
  o: RelayOptions,
): void {
  const rec = o.recorder;
  const attempt = url.uses;
  const up = new WebSocket(url.upstream, {
    ...tlsConnectOptions(o.tls),
    maxPayload: o.maxFrameBytes,
    autoPong: false,
    // Relayed as they came: whether a text frame is valid UTF-8 is the receiving peer's to judge.
    skipUTF8Validation: true,
    perMessageDeflate: false,
    handshakeTimeout: o.handshakeTimeoutMs,
  });
  // Frames the upstream sends between its open and the client's: held, then relayed in order.
  const early: { data: Buffer; binary: boolean }[] = [];
  const holdEarly = (data: Buffer, binary: boolean) => early.push({ data, binary });
  up.on('message', holdEarly);
  let refused = false;
  const refuse = (status: number) => {
    // Once: a refused handshake ends in an error event too.
    if (refused) return;
    refused = true;
    rec.note({ kind: 'refused', t: rec.now(), url: url.index, attempt, status });
    socket.end(
      `HTTP/1.1 ${status} ${status === 502 ? 'Bad Gateway' : 'Refused'}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`,
    );
  };
  up.once('unexpected-response', (_r, res) => {
    res.resume();
    refuse(res.statusCode ?? 502);
    up.terminate();
  });
  const gone = () => up.terminate();
  socket.once('close', gone);
  up.once('error', () => {
    if (up.readyState !== WebSocket.OPEN && !socket.destroyed) refuse(502);
  });
  up.once('open', () => {
    socket.off('close', gone);
    o.wss.handleUpgrade(req, socket, head, (down) => {
      rec.note({ kind: 'open', t: rec.now(), conn, url: url.index, attempt });
      up.off('message', holdEarly);
      pair(down, up, conn, o, early);
    });
  });
}

function pair(
  down: WebSocket,
  up: WebSocket,
  conn: number,
  o: RelayOptions,
  early: { data: Buffer; binary: boolean }[],
): void {
  const rec = o.recorder;
  let ended = false;
  const end = (by: 'client' | 'server' | 'proxy', code: number, reason: string) => {
    if (ended) return;
    ended = true;
    o.live.delete(stop);
    rec.note({ kind: 'close', t: rec.now(), conn, by, code, reason: reason.slice(0, 200) });
    for (const ws of [down, up]) closeLike(ws, code, reason);
  };
  const stop = () => end('proxy', 1001, 'the proxy stopped');
  o.live.add(stop);
  const relay = (from: WebSocket, to: WebSocket, dir: Direction) => {
    from.on('message', (data: Buffer, binary: boolean) => forward(from, to, data, binary, dir));
    from.on('ping', (data: Buffer) => {
      if (to.readyState === WebSocket.OPEN) to.ping(data);
      rec.note({ kind: 'ws-ping', t: rec.now(), conn, dir });
    });
    from.on('pong', (data: Buffer) => {
      if (to.readyState === WebSocket.OPEN) to.pong(data);
    });
  };
  const forward = (from: WebSocket, to: WebSocket, data: Buffer, binary: boolean, dir: Direction) => {
    if (to.readyState !== WebSocket.OPEN) return;
    // Bounded: while too much waits for the slow side, the fast side is not read (its frames wait in its kernel buffer).
    if (to.bufferedAmount > MAX_BUFFERED_BYTES) {
      from.pause();
      to.send(data, { binary }, () => from.resume());
    } else to.send(data, { binary });
    rec.frame(conn, dir, data, binary);
  };
  for (const f of early) forward(up, down, f.data, f.binary, 'server->client');
  relay(down, up, 'client->server');
  relay(up, down, 'server->client');
  down.on('close', (code, reason) => end('client', code, reason.toString()));
  up.on('close', (code, reason) => end('server', code, reason.toString()));
  // An oversized frame (over --max-frame-bytes) or a broken frame: ws closes that side itself (1009, 1002).
  down.on('error', (err) => end('proxy', closeCodeOf(err), `client: ${err.message}`));
  up.on('error', (err) => end('proxy', closeCodeOf(err), `server: ${err.message}`));
  if (up.readyState !== WebSocket.OPEN) end('server', 1006, '');
}

function closeCodeOf(err: Error & { code?: string }): number {
  return err.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH' ? 1009 : 1002;
}

/** Closes `ws` with the code the other side used, where the protocol lets a code be sent (not 1005/1006). */
function closeLike(ws: WebSocket, code: number, reason: string): void {
  if (ws.readyState === WebSocket.CLOSED || ws.readyState === WebSocket.CLOSING) return;
  const sendable =
    code === 1000 ||
    (code >= 1001 && code <= 1014 && ![1004, 1005, 1006].includes(code)) ||
    (code >= 3000 && code <= 4999);
  if (!sendable) return void ws.terminate();
  ws.close(code, Buffer.byteLength(reason) <= 123 ? reason : '');
  // A peer that never answers the close: gone after a second.
  setTimeout(() => ws.terminate(), 1000).unref();
}
