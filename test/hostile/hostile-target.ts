import { createHash } from 'node:crypto';
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import { type AddressInfo, type Socket, createServer as createTcpServer } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

/** How a hostile target answers the Web API. */
export type ApiBehaviour =
  | 'ok'
  | 'html'
  | 'http-500'
  | 'redirect-loop'
  | 'invalid-json'
  | 'endless-body'
  | 'silent'
  | 'closed-port-url';
/** How it behaves on the socket. */
export type SocketBehaviour =
  | 'rtm'
  | 'never-hello'
  | 'close-at-once'
  | 'garbage'
  | 'huge-frame'
  | 'flood'
  | 'flood-messages'
  | 'script-and-ansi'
  | 'goes-silent';

/** 'goes-silent': how many frames the target answers in all, across connections, before it answers nothing more. */
const ANSWERS_BEFORE_SILENCE = 30;

export const HOSTILE_TEXT = '<script>window.__pwned=1</script>\x1b[31mRED\x1b[0m\x1b]0;owned\x07\x07';

export interface HostileTarget {
  apiUrl: string;
  /** rtm.connect and rtm.start calls answered so far. */
  connects(): number;
  close(): Promise<void>;
}

/**
 * A broken or malicious RTM target on 127.0.0.1:0, for the robustness tests. Everything it does is
 * bounded in time and count, and it stops when closed.
 */
export async function startHostile(api: ApiBehaviour, socket: SocketBehaviour = 'rtm'): Promise<HostileTarget> {
  const timers = new Set<NodeJS.Timeout>();
  const answered = { n: 0 };
  let connects = 0;
  const open = new Set<{ destroy(): void }>();
  let port = 0;
  const json = (res: ServerResponse, body: unknown, status = 200) =>
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    open.add(res.socket!);
    const method = (req.url ?? '').replace(/^\/api\//, '').replace(/\?.*$/, '');
    if (method === 'api.test' && api !== 'silent' && api !== 'endless-body') return json(res, { ok: true });
    if (method === 'rtm.connect' || method === 'rtm.start') connects += 1;
    switch (api) {
      case 'html':
        return res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>Service Unavailable</body></html>');
      case 'http-500':
        return res.writeHead(500).end('internal error');
      case 'redirect-loop':
        return res.writeHead(302, { location: req.url }).end();
      case 'invalid-json':
        return res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true,"url":');
      case 'endless-body': {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"ok":true,"padding":"');
        const t = setInterval(() => res.write('x'.repeat(1024)), 5);
        timers.add(t);
        return;
      }
      case 'silent':
        return; // never answers
      case 'closed-port-url':
        return json(res, {
          ok: true,
          url: 'ws://127.0.0.1:9/websocket/closedportticket',
          team: { id: 'T1', name: 't', domain: 't' },
          self: { id: 'U1', name: 'u' },
        });
      case 'ok':
        return json(res, {
          ok: true,
          url: `ws://127.0.0.1:${port}/websocket/hostileticket0123456789`,
          team: { id: 'T1', name: 't', domain: 't' },
          self: { id: 'U1', name: 'u' },
        });
    }
  };
  const http = createServer(handler);
  const wss = new WebSocketServer({ noServer: true, maxPayload: 1 << 20 });
  http.on('upgrade', (req, sock: Socket, head) => {
    open.add(sock);
    if (socket === 'huge-frame') return hugeFrame(req, sock, timers);
    wss.handleUpgrade(req, sock, head, (ws) => behave(ws, socket, timers, answered));
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  port = (http.address() as AddressInfo).port;
  return {
    apiUrl: `http://127.0.0.1:${port}/api/`,
    connects: () => connects,
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearInterval(t);
        for (const c of wss.clients) c.terminate();
        for (const s of open) s.destroy();
        wss.close();
        http.close(() => resolve());
      }),
  };
}

/** A TCP server that accepts and then says nothing at all. */
export async function startSilentTcp(): Promise<HostileTarget> {
  const sockets = new Set<Socket>();
  const server = createTcpServer((s) => sockets.add(s));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    apiUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`,
    connects: () => 0,
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

function behave(ws: WebSocket, how: SocketBehaviour, timers: Set<NodeJS.Timeout>, answered: { n: number }): void {
  ws.on('error', () => ws.terminate());
  switch (how) {
    case 'never-hello':
      return;
    case 'close-at-once':
      ws.close();
      return;
    case 'garbage': {
      let n = 0;
      const t = setInterval(() => {
        if (n++ > 2000 || ws.readyState !== ws.OPEN) return clearInterval(t);
        ws.send(n % 2 ? `\u0000{not json ${n}` : Buffer.from([0xff, 0x00, n & 0xff]));
      }, 2);
      timers.add(t);
      return;
    }
    case 'flood':
    case 'flood-messages': {
      // As fast as the socket takes it, without pause, while the connection lasts (the target's close ends it).
      let n = 0;
      const pump = () => {
        if (ws.readyState !== ws.OPEN) return;
        // Bounded per turn: ws may hand frames to the kernel at once, leaving bufferedAmount near 0.
        for (let k = 0; k < 500 && ws.bufferedAmount < 1 << 20; k++)
          ws.send(
            how === 'flood'
              ? `{"type":"x_flood_${n++ % 50}","n":${n}}`
              : `{"type":"message","channel":"C2","user":"U2","text":"flood ${n++}","ts":"1700000000.${String(n).padStart(6, '0')}"}`,
          );
        setImmediate(pump);
      };
      ws.send('{"type":"hello"}');
      pump();
      return;
    }
    case 'rtm':
    case 'goes-silent':
    case 'script-and-ansi': {
      ws.send('{"type":"hello"}');
      ws.on('message', (data) => {
        // A backend that died midway: hello still comes, replies stop for good.
        if (how === 'goes-silent' && answered.n++ >= ANSWERS_BEFORE_SILENCE) return;
        let f: Record<string, unknown>;
        try {
          f = JSON.parse(data.toString());
        } catch {
          return;
        }
        const hostile = how === 'script-and-ansi';
        if (f.type === 'ping')
          ws.send(JSON.stringify({ type: 'pong', reply_to: f.id, note: hostile ? HOSTILE_TEXT : 'x' }));
        else if (f.type === 'message' && f.text)
          ws.send(
            JSON.stringify({
              ok: true,
              reply_to: f.id,
              ts: '1700000000.000001',
              text: hostile ? `${f.text}${HOSTILE_TEXT}` : f.text,
            }),
          );
        else
          ws.send(
            JSON.stringify({ ok: false, reply_to: f.id, error: { code: 2, msg: hostile ? HOSTILE_TEXT : 'no' } }),
          );
      });
      return;
    }
    default:
      return;
  }
}

/** Completes the upgrade by hand, then announces a 100 MB frame and trickles its bytes. */
function hugeFrame(req: IncomingMessage, sock: Socket, timers: Set<NodeJS.Timeout>): void {
  const accept = createHash('sha1')
    .update(`${req.headers['sec-websocket-key']}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`)
    .digest('base64');
  sock.write(
    `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`,
  );
  sock.write(Buffer.from([0x81, 0x7e, 0x00, 0x10]));
  sock.write('{"type":"hello"}');
  const header = Buffer.alloc(10);
  header[0] = 0x81; // FIN, text
  header[1] = 127; // 64-bit length follows
  header.writeBigUInt64BE(BigInt(100 * 1024 * 1024), 2);
  sock.write(header);
  const t = setInterval(() => (sock.destroyed ? clearInterval(t) : sock.write(Buffer.alloc(64 * 1024, 0x61))), 10);
  timers.add(t);
  sock.on('error', () => sock.destroy());
}
