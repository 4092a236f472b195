import { defineFault } from './fault.js';

export default defineFault({
  name: 'string-error-codes',
  kind: 'fault',
  description: 'error codes are sent as strings ("2"), not numbers',
  apply(b) {
    b.errorCodeType = 'string';
  },
});
