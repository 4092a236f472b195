import { REQUIRES } from '../../protocol/requirements.js';
import { defineFault } from './fault.js';

export default defineFault({
  name: 'numeric-ts',
  kind: 'fault',
  description: 'ts is sent as a JSON number (a float), not a string',
  caughtBy: {
    'ts.unique-and-ascending': REQUIRES.tsAsString,
  },
  apply(b) {
    b.tsType = 'number';
  },
});
