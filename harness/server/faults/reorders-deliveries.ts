import { defineFault } from './fault.js';

/** Every 10th event on a connection that is a `message` is held 50 ms: later messages of its channel overtake it. */
export default defineFault({
  name: 'reorders-deliveries',
  kind: 'load',
  description: 'every 10th message event a connection receives is delayed 50 ms, behind later ones',
  apply(b) {
    b.transforms.push((out, ctx) =>
      out.kind === 'event' && out.frame.type === 'message' && ctx.nth % 10 === 0
        ? [{ ...out, delayMs: out.delayMs + 50 }]
        : [out],
    );
  },
});
