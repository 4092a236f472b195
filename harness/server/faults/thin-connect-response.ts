import { REQUIRES } from '../../protocol/requirements.js';
import { defineFault } from './fault.js';

/** As the Node SDK's and slack-go's own test mocks answer: ids only. */
export default defineFault({
  name: 'thin-connect-response',
  kind: 'fault',
  description: "rtm.connect's team and self carry only their ids (no team.name/domain, no self.name)",
  caughtBy: {
    'connect.response-shape': REQUIRES.connectTeam,
  },
  apply(b) {
    b.fullConnectResponse = false;
  },
});
