import { defineFault } from './fault.js';

/** Legal: "replies may be 'out of order' due to the asynchronous nature of the message servers". */
export default defineFault({
  name: 'reorder-acks',
  kind: 'variation',
  description: 'acks and pongs are delayed 0-8 ms at random, so they arrive out of order',
  apply(b) {
    b.transforms.push((out, ctx) =>
      out.kind === 'ack' || out.kind === 'pong' || out.kind === 'error-reply'
        ? [{ ...out, delayMs: out.delayMs + Math.floor(ctx.random() * 8) }]
        : [out],
    );
  },
});
