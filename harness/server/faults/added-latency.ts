import { defineFault } from './fault.js';

/** Every ack and pong 50 ms late: latency added to the whole server, switched on and off mid-run by `load --at`. */
export default defineFault({
  name: 'added-latency',
  kind: 'load',
  description: 'every message ack and pong is delayed 50 ms',
  apply(b) {
    b.transforms.push((out) =>
      out.kind === 'ack' || out.kind === 'pong' ? [{ ...out, delayMs: out.delayMs + 50 }] : [out],
    );
  },
});
