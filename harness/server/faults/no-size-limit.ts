import { REQUIRES } from '../../protocol/requirements.js';
import { defineFault } from './fault.js';

export default defineFault({
  name: 'no-size-limit',
  kind: 'fault',
  description: 'frames over the message-size limit are processed instead of ending the connection',
  caughtBy: {
    'size.over-limit-disconnects': REQUIRES.overLimitDisconnects,
  },
  apply(b) {
    b.enforceSizeLimit = false;
  },
});
