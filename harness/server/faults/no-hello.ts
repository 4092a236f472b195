import { defineFault } from './fault.js';

export default defineFault({
  name: 'no-hello',
  kind: 'fault',
  description: 'never sends hello; the connection otherwise works',
  caughtBy: {
    'connect.hello-in-time': '{"type":"hello"} within',
    'connect.hello-first': 'the first frame is {"type":"hello"}',
  },
  apply(b) {
    b.sendHello = false;
  },
});
