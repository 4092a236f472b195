import { defineFault } from './fault.js';

/** Acknowledges messages with ok:true but no ts: nothing to sort, nothing to compare. */
export default defineFault({
  name: 'acks-without-ts',
  kind: 'degenerate',
  description: 'message acks are ok:true without a ts',
  lacks: ['ts', 'rate-limit'],
  apply(b) {
    b.transforms.push((out) => {
      if (out.kind !== 'ack') return [out];
      const { ts: _dropped, ...frame } = out.frame;
      return [{ ...out, frame }];
    });
  },
});
