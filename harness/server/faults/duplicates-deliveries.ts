import { defineFault } from './fault.js';

/** Every 10th event on a connection that is a `message` is written twice, same ts: one message seen two times. */
export default defineFault({
  name: 'duplicates-deliveries',
  kind: 'load',
  description: 'every 10th message event a connection receives is delivered twice',
  apply(b) {
    b.transforms.push((out, ctx) =>
      out.kind === 'event' && out.frame.type === 'message' && ctx.nth % 10 === 0 ? [out, out] : [out],
    );
  },
});
