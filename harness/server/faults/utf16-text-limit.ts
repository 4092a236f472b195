import { REQUIRES } from '../../protocol/requirements.js';
import { defineFault } from './fault.js';

/** Counts UTF-16 code units where the page counts characters: 4000 non-BMP characters are 8000 units. */
export default defineFault({
  name: 'utf16-text-limit',
  kind: 'fault',
  description: 'a text over 4000 UTF-16 code units ends the connection (so 4000 emoji, 8000 units, are refused)',
  caughtBy: {
    'size.non-bmp-4000': REQUIRES.nonBmp4000Accepted,
  },
  apply(b) {
    b.maxTextUtf16Units = 4000;
  },
});
