import { HarnessError } from '../errors.js';
import { rtmConnect } from '../session/rtm-connect.js';
import { RtmSocket } from '../session/rtm-socket.js';
import type { ConnectMethod, ProbeResult } from '../check/server-context.js';
import type { Target } from './target.js';

export interface ProbeTimeouts {
  httpMs: number;
  helloMs: number;
  replyMs: number;
}

/** How long the probe waits for a pong from a connection that never said hello. */
const PONG_WAIT_MS = 2000;

/**
 * rtm.connect (rtm.start when the target lacks it: RTM needs only one of the two), the upgrade, and hello,
 * bounded by the run's timeouts. Never throws for the target's sake: a dead target is a finding.
 */
export async function probeTarget(target: Target, timeouts: ProbeTimeouts): Promise<ProbeResult> {
  const token = target.tokens[0];
  let connectMethod: ConnectMethod = 'rtm.connect';
  let url: string;
  try {
    url = await connectUrl(target, token, timeouts.httpMs, 'rtm.connect');
  } catch (first) {
    if (!lacksMethod(first)) return { kind: 'no-web-api', finding: target.redactor.text(messageOf(first)) };
    try {
      connectMethod = 'rtm.start';
      url = await connectUrl(target, token, timeouts.httpMs, 'rtm.start');
    } catch (second) {
      return { kind: 'no-web-api', finding: target.redactor.text(`${messageOf(first)}; then ${messageOf(second)}`) };
    }
  }
  const note = connectMethod === 'rtm.start' ? 'the target has no rtm.connect; rtm.start is used instead' : undefined;
  let socket: RtmSocket;
  try {
    socket = await RtmSocket.open(url, { handshakeTimeoutMs: timeouts.helloMs, tls: target.tls, name: 'probe' });
  } catch (err) {
    const finding = `the WebSocket upgrade failed: ${messageOf(err)}`;
    return {
      kind: 'no-hello',
      connectMethod,
      finding: target.redactor.text(finding),
      first: 'closed',
      hello: 'closed',
    };
  }
  try {
    const started = performance.now();
    const first = await socket.nextFrame(() => true, timeouts.helloMs);
    const left = Math.max(1, timeouts.helloMs - (performance.now() - started));
    const hello =
      typeof first === 'object'
        ? first.type === 'hello'
          ? first
          : await socket.nextFrame((f) => f.type === 'hello', left)
        : first;
    if (typeof first === 'object' && typeof hello === 'object')
      return { kind: 'live', connectMethod, first, hello, note };
    const unparsable = socket.unparsableCount;
    const answers =
      hello === 'timeout' && unparsable === 0 && (await answersPing(socket, Math.min(timeouts.replyMs, PONG_WAIT_MS)));
    const finding =
      hello === 'closed'
        ? `the probe connection closed before hello${unparsable ? ` (after ${unparsable} unparsable frames)` : ''}`
        : `no hello within ${timeouts.helloMs} ms on the probe connection${unparsable ? ` (${unparsable} unparsable frames)` : answers ? ', though it answers a ping' : ''}`;
    return { kind: 'no-hello', connectMethod, finding, first, hello, answers };
  } finally {
    socket.terminate();
  }
}

async function connectUrl(target: Target, token: string, timeoutMs: number, method: ConnectMethod): Promise<string> {
  const { url } = await rtmConnect({ apiUrl: target.apiUrl, token, timeoutMs, tls: target.tls, method });
  target.redactor.addSocketUrl(url);
  return url;
}

/** rtm.connect missing: Slack's unknown_method, or an HTTP 404 from a mock that never routed it. */
function lacksMethod(err: unknown): boolean {
  if (!(err instanceof HarnessError)) return false;
  return (err.code === 'E_RTM_CONNECT' && err.detail === 'unknown_method') || /HTTP 404/.test(err.message);
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Whether a connection that never said hello answers a ping (any frame naming its id). */
async function answersPing(socket: RtmSocket, timeoutMs: number): Promise<boolean> {
  const { reply } = await socket.request({ type: 'ping' }, timeoutMs);
  return typeof reply === 'object';
}
