import { defineFault } from './fault.js';

export default defineFault({
  name: 'silent-unknown',
  kind: 'variation',
  description: 'frames of an unknown type are ignored silently instead of answered with an error',
  apply(b) {
    b.unknownType = 'silent';
  },
});
