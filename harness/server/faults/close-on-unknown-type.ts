import { REQUIRES } from '../../protocol/requirements.js';
import { defineFault } from './fault.js';

/** Tolerates a couple of unknown types, then gives up: only a check that sends several sees it. */
export default defineFault({
  name: 'close-on-unknown-type',
  kind: 'fault',
  description: 'closes the connection on its 3rd frame of an unknown type',
  caughtBy: {
    'unknown.client-type-tolerated': REQUIRES.staysOpenAfterUnknown,
  },
  apply(b) {
    b.closeAfterUnknown = 3;
  },
});
