import { REQUIRES } from '../../protocol/requirements.js';
import { defineFault } from './fault.js';

/** The queue of a socket URL is replayed twice after hello (a retry that forgot what it sent). */
export default defineFault({
  name: 'queued-twice',
  kind: 'fault',
  description: 'events that occurred between rtm.connect and the connection are delivered twice after hello',
  caughtBy: {
    'connect.queued-events': REQUIRES.queuedOnce,
  },
  apply(b) {
    b.queuedEvents = 'twice';
  },
});
