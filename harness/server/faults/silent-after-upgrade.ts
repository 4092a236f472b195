import { LACKS_EVERYTHING_LIVE, defineFault } from './fault.js';

/** Upgrades, then says nothing at all: no hello, no reply, no close. */
export default defineFault({
  name: 'silent-after-upgrade',
  kind: 'degenerate',
  description: 'rtm.connect works; the WebSocket upgrades and then stays silent',
  lacks: LACKS_EVERYTHING_LIVE,
  apply(b) {
    b.socketMode = 'silent';
  },
});
