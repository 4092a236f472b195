import { defineFault } from './fault.js';

export default defineFault({
  name: 'string-error-codes',
  kind: 'fault',
  description: 'error codes are sent as strings ("2"), not numbers',
  caughtBy: {
    'errors.shape': 'error {code: integer, msg: string}',
    'errors.text-missing': 'ok:false with error {code: 2, msg: string}',
  },
  apply(b) {
    b.errorCodeType = 'string';
  },
});
