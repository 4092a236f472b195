import { defineFault } from './fault.js';

/** Says hello, then answers every frame with a well-formed ok:false error and processes nothing. */
export default defineFault({
  name: 'refuses-everything',
  kind: 'degenerate',
  description: 'hello, then every frame gets a well-formed ok:false error (code 12); nothing is processed',
  lacks: ['ok-reply', 'ts', 'pong', 'broadcast', 'presence', 'rate-limit'],
  apply(b) {
    b.refuseEverything = true;
  },
});
