import { REQUIRES } from '../../protocol/requirements.js';
import { defineFault } from './fault.js';

/** As a Botkit maintainer saw Slack treat a repeated id (rtm-protocol.md §8.3), but across connections. */
export default defineFault({
  name: 'global-ids',
  kind: 'fault',
  description:
    'ids are scoped per user: a message reusing an id the user sent on another connection is acked (ok:true, no ts) and discarded',
  caughtBy: {
    'ids.per-connection': REQUIRES.ownTextPerConnection,
  },
  apply(b) {
    b.idScope = 'user';
  },
});
