import { defineFault } from './fault.js';

export default defineFault({
  name: 'no-size-limit',
  kind: 'fault',
  description: 'frames over the message-size limit are processed instead of ending the connection',
  apply(b) {
    b.enforceSizeLimit = false;
  },
});
