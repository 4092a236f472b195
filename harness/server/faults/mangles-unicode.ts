import { REQUIRES } from '../../protocol/requirements.js';
import { defineFault } from './fault.js';

export default defineFault({
  name: 'mangles-unicode',
  kind: 'fault',
  description: 'ack text drops characters outside the BMP (emoji), as a UTF-16-unaware store would',
  caughtBy: {
    'reply.correlates': REQUIRES.ackText,
  },
  apply(b) {
    b.keepNonBmpInAcks = false;
  },
});
