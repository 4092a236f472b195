import { REQUIRES } from '../../protocol/requirements.js';
import { defineFault } from './fault.js';

export default defineFault({
  name: 'event-before-hello',
  kind: 'fault',
  description: 'sends an accounts_changed event before hello',
  caughtBy: {
    'connect.hello-first': REQUIRES.helloFirst,
  },
  apply(b) {
    b.beforeHello.push({ type: 'accounts_changed' });
  },
});
