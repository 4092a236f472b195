import type { WebSocket } from 'ws';
import type { Behaviour } from './behaviour.js';

/**
 * The vacuity matrix's dead sockets: a connection that closes at once, stays silent, or answers everything
 * with frames that are not JSON objects. Nothing on them is RTM; no check resting on a live connection may pass.
 */
export function runDegenerateSocket(ws: WebSocket, mode: Behaviour['socketMode']): void {
  if (mode === 'close-at-once') return void ws.close(1011, 'going away');
  if (mode !== 'garbage') return;
  const garbage = () => {
    ws.send('{"type": hello');
    ws.send(Buffer.from([0xde, 0xad, 0xbe, 0xef]));
  };
  garbage();
  ws.on('message', garbage);
}
