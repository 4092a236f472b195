import { defineFault } from './fault.js';

/** Drops a connection (no close frame) right after its 150th ack: the load module must count it and reconnect. */
export default defineFault({
  name: 'drops-connections',
  kind: 'load',
  description: 'a connection is dropped without a close frame after its 150th message ack',
  apply(b) {
    b.dropAfterAcks = 150;
  },
});
