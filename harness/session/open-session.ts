import type { Redactor } from '../redact.js';
import { type RtmConnectResult, rtmConnect } from './rtm-connect.js';
import { RtmSocket, type SocketOptions } from './rtm-socket.js';

export interface SessionOptions extends SocketOptions {
  apiUrl: string;
  token: string;
  args?: Record<string, string>;
  redactor?: Redactor;
  httpTimeoutMs?: number;
}

export interface Session {
  connect: RtmConnectResult;
  socket: RtmSocket;
}

/** rtm.connect, then the WebSocket: what every check does to get a connection. The ticket is registered for redaction. */
export async function openSession(options: SessionOptions): Promise<Session> {
  const connect = await rtmConnect({
    apiUrl: options.apiUrl,
    token: options.token,
    args: options.args,
    timeoutMs: options.httpTimeoutMs,
  });
  options.redactor?.addSocketUrl(connect.url);
  const socket = await RtmSocket.open(connect.url, options);
  return { connect, socket };
}
