/**
 * Keeps secrets out of everything the harness writes. Tokens (`xox?-…` and any string the user gave as
 * a token) and socket tickets (the path of a socket URL) are replaced by fixed markers.
 */
const SLACK_TOKEN = /xox[a-z]-[A-Za-z0-9-]+/g;
/** The path (and query) of a ws:// or wss:// URL: where socket URLs carry their ticket. */
const SOCKET_URL_PATH = /(wss?:\/\/[^\s"'/<>\\]+)\/[^\s"'<>\\]*/g;

export class Redactor {
  private readonly secrets = new Set<string>();

  /** Adds a literal secret (a token, a ticket) to hide wherever it appears. */
  add(secret: string | undefined): void {
    if (secret && secret.length >= 4) this.secrets.add(secret);
  }

  /** Adds the ticket of a socket URL, wherever it sits in the URL. */
  addSocketUrl(url: string): void {
    try {
      const u = new URL(url);
      for (const part of u.pathname.split('/')) if (part.length >= 16) this.add(part);
      for (const value of u.searchParams.values()) if (value.length >= 8) this.add(value);
    } catch {
      this.add(url);
    }
  }

  text(input: string): string {
    let out = input.replace(SOCKET_URL_PATH, '$1/[redacted-path]');
    for (const secret of this.secrets) out = out.split(secret).join('[redacted]');
    return out.replace(SLACK_TOKEN, (t) => `${t.slice(0, 4)}[redacted]`);
  }

  /** Deep copy of a JSON value with every string redacted. */
  value<T>(input: T): T {
    return JSON.parse(this.text(JSON.stringify(input) ?? 'null')) as T;
  }
}
