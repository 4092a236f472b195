import { REQUIRES } from '../../protocol/requirements.js';
import { defineFault } from './fault.js';

export default defineFault({
  name: 'strict-size-limit',
  kind: 'fault',
  description: 'a frame of exactly the size limit already ends the connection (>= instead of >)',
  caughtBy: {
    'size.limit-accepted': REQUIRES.limitAccepted,
  },
  apply(b) {
    b.sizeLimitInclusive = false;
  },
});
