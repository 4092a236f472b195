import { REQUIRES } from '../../protocol/requirements.js';
import { defineFault } from './fault.js';

/** A call without a token is answered as if the token were wrong: the client cannot tell "none" from "bad". */
export default defineFault({
  name: 'missing-token-invalid-auth',
  kind: 'fault',
  description: 'rtm.connect without a token answers invalid_auth instead of not_authed',
  caughtBy: {
    'connect.auth-errors': REQUIRES.notAuthedWithoutToken,
  },
  apply(b) {
    b.missingTokenError = 'invalid_auth';
  },
});
