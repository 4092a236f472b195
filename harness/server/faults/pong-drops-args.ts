import { REQUIRES } from '../../protocol/requirements.js';
import { defineFault } from './fault.js';

export default defineFault({
  name: 'pong-drops-args',
  kind: 'fault',
  description: 'pong echoes only the string-valued extra arguments of a ping',
  caughtBy: {
    'ping.echoes-flat-args': REQUIRES.argumentsEchoed,
  },
  apply(b) {
    b.pongEcho = 'strings-only';
  },
});
