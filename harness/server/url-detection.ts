/**
 * Slack's URL detection as it shows in acks: a bare http(s) URL becomes `<URL>`.
 * Text already inside angle brackets is left alone, as Slack leaves it.
 */
const BARE_URL = /(?<![<|])\bhttps?:\/\/[^\s<>|]+/g;

export function detectUrls(text: string): string {
  return text.replace(BARE_URL, (url) => `<${url}>`);
}

/** The inverse the harness applies before comparing an ack's text with what it sent. */
export function undoUrlFormatting(text: string): string {
  return text.replace(/<(https?:\/\/[^\s<>|]+)(?:\|[^>]*)?>/g, '$1');
}
