import { defineFault } from './fault.js';

export default defineFault({
  name: 'mangles-unicode',
  kind: 'fault',
  description: 'ack text drops characters outside the BMP (emoji), as a UTF-16-unaware store would',
  caughtBy: {
    'reply.correlates': '(up to URL detection)',
  },
  apply(b) {
    b.keepNonBmpInAcks = false;
  },
});
