import { REQUIRES } from '../../protocol/requirements.js';
import { defineFault } from './fault.js';

/** Sequences ts per connection: unique on one connection, colliding across two in one channel. */
export default defineFault({
  name: 'duplicate-ts',
  kind: 'fault',
  description: 'ts is sequenced per connection, so two connections in one channel get the same ts',
  caughtBy: {
    'ts.unique-and-ascending': REQUIRES.tsUniqueInChannel,
  },
  apply(b) {
    b.tsScope = 'connection';
  },
});
