import { defineFault } from './fault.js';

export default defineFault({
  name: 'presence-sub-adds',
  kind: 'fault',
  description: 'presence_sub adds to the subscription instead of replacing it',
  caughtBy: {
    'presence.sub-replaces': 'the empty list replaced the subscription',
  },
  apply(b) {
    b.presenceSubReplace = false;
  },
});
