import { HarnessError } from '../errors.js';
import { type Frame, RtmSocket, type SocketOptions } from './rtm-socket.js';

/** How a target answered a socket URL it should refuse (or accept). */
export type UrlAnswer =
  | { kind: 'hello' }
  | { kind: 'rejected-at-handshake'; detail: string }
  | { kind: 'error-then-close'; frame: Frame }
  | { kind: 'error-left-open'; frame: Frame }
  | { kind: 'other'; detail: string };

/**
 * Opens a URL and classifies the answer: hello, a refusal at the upgrade (an HTTP 4xx), or the in-band
 * code-1 error followed by a close within `closeMs` (rtm-protocol.md §8.7, §8.18).
 */
export async function answerTo(
  url: string,
  options: SocketOptions,
  helloMs: number,
  closeMs: number,
): Promise<UrlAnswer> {
  let socket: RtmSocket;
  try {
    socket = await RtmSocket.open(url, options);
  } catch (err) {
    if (err instanceof HarnessError && err.code === 'E_HANDSHAKE')
      return { kind: 'rejected-at-handshake', detail: err.message };
    throw err;
  }
  try {
    // Only hello or an error decides; other events are not this question's (hello-first judges their order).
    const first = await socket.nextFrame((f) => f.type === 'hello' || f.type === 'error', helloMs);
    if (first === 'closed' || first === 'timeout')
      return {
        kind: 'other',
        detail: first === 'closed' ? 'closed without hello or an error' : 'neither hello nor an error',
      };
    if (first.type === 'hello') return { kind: 'hello' };
    const closed = await socket.waitClosed(closeMs);
    return closed ? { kind: 'error-then-close', frame: first } : { kind: 'error-left-open', frame: first };
  } finally {
    socket.terminate();
  }
}

export function describeAnswer(a: UrlAnswer): string {
  switch (a.kind) {
    case 'hello':
      return 'hello: the URL was accepted';
    case 'rejected-at-handshake':
      return a.detail;
    case 'error-then-close':
      return `${JSON.stringify(a.frame)}, then a close`;
    case 'error-left-open':
      return `${JSON.stringify(a.frame)}, and the connection stayed open`;
    case 'other':
      return a.detail;
  }
}
