import { REQUIRES } from '../../protocol/requirements.js';
import { defineFault } from './fault.js';

/** "%d.%d": fine for the first nine messages of a second, then "x.10" sorts before "x.9". */
export default defineFault({
  name: 'unsortable-ts',
  kind: 'fault',
  description: 'the ts sequence is not zero-padded, so ASCII order breaks after the 9th message in a second',
  caughtBy: {
    'ts.unique-and-ascending': REQUIRES.tsAscending,
  },
  apply(b) {
    b.tsPadding = false;
  },
});
