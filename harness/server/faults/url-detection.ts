import { defineFault } from './fault.js';

/** Legal: the ack's text "may vary from the sent message due to URL detection". */
export default defineFault({
  name: 'url-detection',
  kind: 'variation',
  description: 'bare URLs in message text come back as <URL>, as Slack formats them',
  apply(b) {
    b.urlDetection = true;
  },
});
