import { defineFault } from './fault.js';

export default defineFault({
  name: 'numeric-ts',
  kind: 'fault',
  description: 'ts is sent as a JSON number (a float), not a string',
  caughtBy: {
    'ts.unique-and-ascending': 'ts as a JSON string',
  },
  apply(b) {
    b.tsType = 'number';
  },
});
