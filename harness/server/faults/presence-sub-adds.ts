import { defineFault } from './fault.js';

export default defineFault({
  name: 'presence-sub-adds',
  kind: 'fault',
  description: 'presence_sub adds to the subscription instead of replacing it',
  apply(b) {
    b.presenceSubReplace = false;
  },
});
