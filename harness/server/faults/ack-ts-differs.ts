import { REQUIRES } from '../../protocol/requirements.js';
import { defineFault } from './fault.js';

/**
 * The ack carries a ts one sequence step past the one the message was recorded with: still a string, unique and
 * ascending among acks, so only comparing it with what other members receive shows it is not the canonical one.
 */
export default defineFault({
  name: 'ack-ts-differs',
  kind: 'fault',
  description: "an ok:true reply's ts is one step past the ts other members receive for the message",
  caughtBy: {
    'ts.ack-is-canonical': REQUIRES.ackTsCanonical,
  },
  apply(b) {
    b.transforms.push((out) => {
      const ts = out.kind === 'ack' && typeof out.frame.ts === 'string' ? /^(\d+)\.(\d+)$/.exec(out.frame.ts) : null;
      if (!ts) return [out];
      const seq = String(Number(ts[2]) + 1).padStart(ts[2].length, '0');
      return [{ ...out, frame: { ...out.frame, ts: `${ts[1]}.${seq}` } }];
    });
  },
});
