import { defineFault } from './fault.js';

/** As the Node SDK's and slack-go's own test mocks answer: ids only. */
export default defineFault({
  name: 'thin-connect-response',
  kind: 'fault',
  description: "rtm.connect's team and self carry only their ids (no team.name/domain, no self.name)",
  caughtBy: {
    'connect.response-shape': 'team: {id, name, domain} strings',
  },
  apply(b) {
    b.fullConnectResponse = false;
  },
});
