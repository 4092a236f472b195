import { defineFault } from './fault.js';

export default defineFault({
  name: 'no-hello',
  kind: 'fault',
  description: 'never sends hello; the connection otherwise works',
  apply(b) {
    b.sendHello = false;
  },
});
