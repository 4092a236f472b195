/**
 * Where each clause lives on Slack's legacy RTM page (https://api.slack.com/legacy/rtm) and its companion
 * method pages. Checks cite these URLs so a reader can open the clause they rest on.
 */
const RTM_PAGE = 'https://api.slack.com/legacy/rtm';

export const SECTIONS = {
  basics: `${RTM_PAGE}#basics`,
  events: `${RTM_PAGE}#events`,
  sendingMessages: `${RTM_PAGE}#sending-messages`,
  formattingMessages: `${RTM_PAGE}#formatting-messages`,
  handlingResponses: `${RTM_PAGE}#handling-responses`,
  errors: `${RTM_PAGE}#errors`,
  typingIndicators: `${RTM_PAGE}#typing-indicators`,
  presence: `${RTM_PAGE}#presence`,
  pingPong: `${RTM_PAGE}#ping-pong`,
  limits: `${RTM_PAGE}#limits`,
  connectStart: `${RTM_PAGE}#connect-start`,
  enterpriseGrid: `${RTM_PAGE}#enterprise-grid`,
  messagesAndBots: `${RTM_PAGE}#messages_and_bots`,
  rtmConnect: 'https://api.slack.com/methods/rtm.connect',
  presenceSub: 'https://api.slack.com/events/presence_sub',
  rateLimits: 'https://api.slack.com/apis/rate-limits#rtm',
  goodbye: 'https://api.slack.com/events/goodbye',
  hello: 'https://api.slack.com/events/hello',
  userTyping: 'https://api.slack.com/events/user_typing',
} as const;

/** Cites one or more sections: their URLs, joined for reading ("A; B"). */
export function cite(...urls: string[]): string {
  return urls.join('; ');
}
