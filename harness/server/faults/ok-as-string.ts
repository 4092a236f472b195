import { REQUIRES } from '../../protocol/requirements.js';
import { defineFault } from './fault.js';

/** Replies carry ok as the string "true"/"false": a client testing `reply.ok === true` never sees a success. */
export default defineFault({
  name: 'ok-as-string',
  kind: 'fault',
  description: 'replies carry ok as a string ("true", "false"), not a JSON boolean',
  caughtBy: {
    'reply.correlates': REQUIRES.booleanOk,
  },
  apply(b) {
    b.transforms.push((out) =>
      (out.kind === 'ack' || out.kind === 'error-reply') && typeof out.frame.ok === 'boolean'
        ? [{ ...out, frame: { ...out.frame, ok: String(out.frame.ok) } }]
        : [out],
    );
  },
});
