import { defineFault } from './fault.js';

export default defineFault({
  name: 'size-close-1009',
  kind: 'variation',
  description: 'an oversized frame ends the connection with close code 1009 instead of a bare drop',
  apply(b) {
    b.sizeLimitClose = 'close-1009';
  },
});
