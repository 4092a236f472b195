import { defineFault } from './fault.js';

/** Legal (rtm-protocol.md §8.7): a used or expired URL refused at the upgrade, as seen in regional faults. */
export default defineFault({
  name: 'handshake-reject',
  kind: 'variation',
  description: 'a used or expired socket URL gets HTTP 404 at the upgrade instead of the in-band code-1 error',
  apply(b) {
    b.refusedUrl = 'handshake-404';
  },
});
