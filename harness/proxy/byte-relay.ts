import type { IncomingMessage } from 'node:http';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Duplex } from 'node:stream';
import { type TlsOptions, tlsConnectOptions } from '../session/http-client.js';
import { FrameReader } from './frame-reader.js';
import type { Recorder } from './recorder.js';
import type { Direction } from './recording.js';
import type { IssuedUrl } from './socket-urls.js';

export interface RelayOptions {
  tls?: TlsOptions;
  recorder: Recorder;
  maxFrameBytes: number;
  handshakeTimeoutMs: number;
  /** Every open pair, so that the proxy can end them when it stops. */
  live: Set<() => void>;
}

/** Client headers that go upstream with the upgrade (extensions do not: frames stay readable, uncompressed). */
const PASSED = ['sec-websocket-key', 'sec-websocket-version', 'sec-websocket-protocol', 'origin', 'user-agent'];

/**
 * One client upgrade on a proxy URL. The upstream's upgrade is made first, with the client's own key, so the
 * upstream's answer is the client's: a refusal reaches it with the upstream's status, an acceptance as the upstream's
 * 101. Then the two sockets are piped, byte for byte (frames, masks, control frames unchanged: the cheapest relay
 * there is), and a reader beside each direction records the frames as they go by.
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
  const target = new URL(url.upstream.replace(/^ws/, 'http'));
  const headers: Record<string, string> = { connection: 'Upgrade', upgrade: 'websocket' };
  for (const h of PASSED) if (typeof req.headers[h] === 'string') headers[h] = req.headers[h] as string;
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  const up = send(target, { headers, ...(target.protocol === 'https:' ? tlsConnectOptions(o.tls) : {}) });
  let settled = false;
  const refuse = (status: number) => {
    if (settled) return;
    settled = true;
    rec.note({ kind: 'refused', t: rec.now(), url: url.index, attempt, status });
    socket.end(
      `HTTP/1.1 ${status} ${status === 502 ? 'Bad Gateway' : 'Refused'}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`,
    );
    up.destroy();
  };
  up.setTimeout(o.handshakeTimeoutMs, () => refuse(504));
  up.on('error', () => refuse(502));
  up.on('response', (res) => {
    res.resume();
    refuse(res.statusCode ?? 502);
  });
  socket.once('close', () => {
    if (!settled) up.destroy();
  });
  up.on('upgrade', (res, upSocket: Duplex, upHead: Buffer) => {
    if (settled || socket.destroyed) return void upSocket.destroy();
    settled = true;
    up.setTimeout(0);
    const lines = ['HTTP/1.1 101 Switching Protocols', 'Upgrade: websocket', 'Connection: Upgrade'];
    for (const h of ['sec-websocket-accept', 'sec-websocket-protocol']) {
      const v = res.headers[h];
      if (typeof v === 'string') lines.push(`${h}: ${v}`);
    }
    socket.write(`${lines.join('\r\n')}\r\n\r\n`);
    rec.note({ kind: 'open', t: rec.now(), conn, url: url.index, attempt });
    pipe(socket, upSocket, conn, o, head, upHead);
  });
  up.end();
}

/** Close frames the proxy sends itself: unmasked to the client, masked (a zero mask) to the server. */
function closeFrame(code: number, masked: boolean): Buffer {
  const payload = Buffer.from([code >> 8, code & 0xff]);
  return masked ? Buffer.from([0x88, 0x82, 0, 0, 0, 0, ...payload]) : Buffer.from([0x88, 0x02, ...payload]);
}

function pipe(down: Duplex, up: Duplex, conn: number, o: RelayOptions, head: Buffer, upHead: Buffer): void {
  const rec = o.recorder;
  let closed = false;
  const closeOnce = (by: 'client' | 'server' | 'proxy', code: number, reason: string) => {
    if (closed) return;
    closed = true;
    rec.note({ kind: 'close', t: rec.now(), conn, by, code, reason: reason.slice(0, 200) });
  };
  /**
   * The proxy ends the pair itself: between frames (it stops), a close frame each way, then the sockets (at once if
   * they do not drain); in the middle of a frame it will not read (over its bound, or not WebSocket), the sockets alone:
   * a close frame there would land inside the frame already half relayed.
   */
  const end = (code: number, reason: string, betweenFrames: boolean) => {
    closeOnce('proxy', code, reason);
    o.live.delete(stop);
    const destroy = () => {
      down.destroy();
      up.destroy();
    };
    if (!betweenFrames) return destroy();
    down.end(closeFrame(code, false));
    up.end(closeFrame(code, true));
    setTimeout(destroy, 1000).unref();
  };
  const stop = () => end(1001, 'the proxy stopped', true);
  o.live.add(stop);
  const reader = (dir: Direction, by: 'client' | 'server') =>
    new FrameReader(o.maxFrameBytes, {
      message: (data, binary) => rec.frame(conn, dir, data, binary),
      ping: () => rec.note({ kind: 'ws-ping', t: rec.now(), conn, dir }),
      close: (code, reason) => closeOnce(by, code, reason),
      tooBig: (bytes) => end(1009, `${by}: a frame of ${bytes} bytes, over the proxy's bound`, false),
      broken: (why) => end(1002, `${by}: ${why}`, false),
    });
  const flow = (from: Duplex, to: Duplex, first: Buffer, read: FrameReader, by: 'client' | 'server') => {
    const take = (chunk: Buffer) => {
      // Relayed first, read after: the frame waits for nothing of the recording.
      if (!to.write(chunk)) {
        from.pause();
        to.once('drain', () => from.resume());
      }
      read.push(chunk);
    };
    if (first.length > 0) take(first);
    from.on('data', take);
    from.on('end', () => to.end());
    from.on('close', () => {
      closeOnce(by, 1006, '');
      o.live.delete(stop);
      to.end();
      setTimeout(() => to.destroy(), 1000).unref();
    });
    from.on('error', () => from.destroy());
  };
  for (const s of [down, up]) (s as Duplex & { setNoDelay?: (on: boolean) => void }).setNoDelay?.(true);
  flow(up, down, upHead, reader('server->client', 'server'), 'server');
  flow(down, up, head, reader('client->server', 'client'), 'client');
}
