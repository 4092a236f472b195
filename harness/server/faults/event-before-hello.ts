import { defineFault } from './fault.js';

export default defineFault({
  name: 'event-before-hello',
  kind: 'fault',
  description: 'sends an accounts_changed event before hello',
  caughtBy: {
    'connect.hello-first': 'the first frame is {"type":"hello"}',
  },
  apply(b) {
    b.beforeHello.push({ type: 'accounts_changed' });
  },
});
