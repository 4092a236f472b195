import { REQUIRES } from '../../protocol/requirements.js';
import { defineFault } from './fault.js';

/** Pongs only for pings that carry arguments: a client that pings with `{id, type}` alone hears nothing. */
export default defineFault({
  name: 'bare-ping-ignored',
  kind: 'fault',
  description: 'a ping with no extra arguments gets no pong (pings with arguments do)',
  caughtBy: {
    'ping.bare-pong': REQUIRES.barePong,
  },
  apply(b) {
    b.transforms.push((out) => (out.kind === 'pong' && Object.keys(out.frame).length <= 2 ? [] : [out]));
  },
});
