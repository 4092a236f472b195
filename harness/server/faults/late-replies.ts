import { defineFault } from './fault.js';

/**
 * Legal: the page sets no time for a reply, only that replies may come "out of order". Every reply (ack, error
 * reply, pong) comes 200-500 ms late, each its own delay, so replies also overtake one another.
 */
export default defineFault({
  name: 'late-replies',
  kind: 'variation',
  description: 'every reply (ack, error reply, pong) comes 200-500 ms late, each with its own delay',
  apply(b) {
    b.transforms.push((out, ctx) =>
      out.kind === 'ack' || out.kind === 'error-reply' || out.kind === 'pong'
        ? [{ ...out, delayMs: out.delayMs + 200 + Math.floor(ctx.random() * 300) }]
        : [out],
    );
  },
});
