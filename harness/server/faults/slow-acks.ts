import { defineFault } from './fault.js';

/** Every 10th ack on a connection comes 400 ms late: past a short load --reply-timeout, so it counts as late. */
export default defineFault({
  name: 'slow-acks',
  kind: 'load',
  description: 'every 10th message ack on a connection is delayed 400 ms',
  apply(b) {
    b.transforms.push((out, ctx) =>
      out.kind === 'ack' && ctx.nth % 10 === 0 ? [{ ...out, delayMs: out.delayMs + 400 }] : [out],
    );
  },
});
