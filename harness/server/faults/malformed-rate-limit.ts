import { REQUIRES } from '../../protocol/requirements.js';
import { defineFault } from './fault.js';

export default defineFault({
  name: 'malformed-rate-limit',
  kind: 'fault',
  description:
    'rate limits at 5 msg/s (burst 10) and answers in the Web API shape, {ok:false,error:"ratelimited"}, without reply_to',
  caughtBy: {
    'rate.reply-shape': REQUIRES.rateLimitShape,
  },
  apply(b) {
    b.forcedRateLimit = { perSecond: 5, burst: 10, disconnectAfter: 1000 };
    b.rateLimitReply = 'web-api';
  },
});
