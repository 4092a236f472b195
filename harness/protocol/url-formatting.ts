/**
 * URL detection (https://api.slack.com/legacy/rtm#handling-responses): "Chat message replies also contain the
 * message text, which may vary from the sent message due to URL detection." Slack's formatting reference
 * (https://api.slack.com/reference/surfaces/formatting#linking-urls) writes a detected link as `<URL>` or
 * `<URL|label>`.
 */
const BARE_URL = /(?<![<|])\bhttps?:\/\/[^\s<>|]+/g;
const LINK = /<(https?:\/\/[^\s<>|]+)(?:\|([^>]*))?>/g;

/** What Slack does to a text: every bare http(s) URL becomes `<URL>`; links already in brackets stay. */
export function formatUrls(text: string): string {
  return text.replace(BARE_URL, (url) => `<${url}>`);
}

/**
 * Whether `got` is `sent` up to URL detection: equal, or equal once every `<URL>` or `<URL|label>` in `got`
 * that was not in `sent` is read back as the text the user typed (the URL, or the label when it was typed so).
 */
export function sameTextUpToUrlDetection(sent: string, got: string): boolean {
  if (got === sent) return true;
  const candidates = new Set([
    got.replace(LINK, (_, url: string) => url),
    got.replace(LINK, (m: string, url: string, label?: string) => (sent.includes(m) ? m : (label ?? url))),
  ]);
  return candidates.has(sent);
}
