import { REQUIRES } from '../../protocol/requirements.js';
import { defineFault } from './fault.js';

export default defineFault({
  name: 'lenient-auth',
  kind: 'fault',
  description: 'rtm.connect accepts any token it never issued as the first fixture user',
  caughtBy: {
    'connect.auth-errors': REQUIRES.refusedWithoutUrl,
  },
  apply(b) {
    b.checkTokens = false;
  },
});
