import { REQUIRES } from '../../protocol/requirements.js';
import { defineFault } from './fault.js';

export default defineFault({
  name: 'no-hello',
  kind: 'fault',
  description: 'never sends hello; the connection otherwise works',
  caughtBy: {
    'connect.hello-in-time': REQUIRES.helloInTime,
    'connect.hello-first': REQUIRES.helloFirst,
  },
  apply(b) {
    b.sendHello = false;
  },
});
