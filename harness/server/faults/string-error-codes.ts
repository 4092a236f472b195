import { REQUIRES } from '../../protocol/requirements.js';
import { defineFault } from './fault.js';

export default defineFault({
  name: 'string-error-codes',
  kind: 'fault',
  description: 'error codes are sent as strings ("2"), not numbers',
  caughtBy: {
    'errors.shape': REQUIRES.errorObjectShape,
    'errors.text-missing': REQUIRES.textMissingError,
  },
  apply(b) {
    b.errorCodeType = 'string';
  },
});
