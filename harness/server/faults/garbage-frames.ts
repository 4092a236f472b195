import { LACKS_EVERYTHING_LIVE, defineFault } from './fault.js';

/** Upgrades, then answers everything with frames that are not JSON objects (text and binary). */
export default defineFault({
  name: 'garbage-frames',
  kind: 'degenerate',
  description: 'rtm.connect works; the WebSocket sends only garbage text and binary frames, never hello',
  lacks: LACKS_EVERYTHING_LIVE,
  apply(b) {
    b.socketMode = 'garbage';
  },
});
