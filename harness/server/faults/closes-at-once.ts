import { LACKS_EVERYTHING_LIVE, defineFault } from './fault.js';

/** A server whose rtm.connect works but whose message server closes every connection before hello. */
export default defineFault({
  name: 'closes-at-once',
  kind: 'degenerate',
  description: 'rtm.connect works; every WebSocket is closed at once, before hello',
  lacks: LACKS_EVERYTHING_LIVE,
  apply(b) {
    b.socketMode = 'close-at-once';
  },
});
