import { REQUIRES } from '../../protocol/requirements.js';
import { defineFault } from './fault.js';

/** Hello, then only what happens from now on: what occurred between rtm.connect and the connection is lost. */
export default defineFault({
  name: 'loses-queued-events',
  kind: 'fault',
  description: 'events that occurred between rtm.connect and the connection are never delivered',
  caughtBy: {
    'connect.queued-events': REQUIRES.queuedAfterHello,
  },
  apply(b) {
    b.queuedEvents = 'dropped';
  },
});
