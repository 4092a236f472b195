import { defineFault } from './fault.js';

/** Every 10th event on a connection that is a `message` is never written: a member misses a message others saw. */
export default defineFault({
  name: 'loses-deliveries',
  kind: 'load',
  description: 'every 10th message event a connection should receive is never delivered',
  apply(b) {
    b.transforms.push((out, ctx) =>
      out.kind === 'event' && out.frame.type === 'message' && ctx.nth % 10 === 0 ? [] : [out],
    );
  },
});
