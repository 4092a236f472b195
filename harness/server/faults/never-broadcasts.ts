import { defineFault } from './fault.js';

/** Acks everything, delivers nothing to anyone else: no messages, no user_typing, no presence announcements. */
export default defineFault({
  name: 'never-broadcasts',
  kind: 'degenerate',
  description: 'messages and typing are acked but never reach other members; presence changes are announced to nobody',
  lacks: ['broadcast', 'rate-limit'],
  apply(b) {
    b.broadcast = false;
  },
});
