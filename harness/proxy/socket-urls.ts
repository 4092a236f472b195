import { randomBytes } from 'node:crypto';

/** A socket URL the proxy handed out in place of the upstream's. */
export interface IssuedUrl {
  /** 1-based, in the order handed out: what the recording names instead of the URL. */
  index: number;
  /** The upstream's socket URL (its ticket): never written anywhere. */
  upstream: string;
  /** Upgrades tried on it so far. */
  uses: number;
  issuedAt: number;
}

/** Proxy paths look like this: 32 characters of base64url, 192 random bits, unguessable. */
export const PROXY_PATH = /^\/websocket\/([A-Za-z0-9_-]{32})$/;

/**
 * The proxy's socket URLs: each rtm.connect/rtm.start answer gets a fresh unguessable path of the proxy's own,
 * mapped to the upstream URL it replaces. Single use is the upstream's to honour: a second upgrade on a path goes to
 * the same upstream URL (which refuses it, if it keeps its promise), and the recording counts it as a reuse.
 * Bounded: the oldest mappings go first, and none outlives `keepMs` (well past any URL lifetime).
 */
export class SocketUrlBook {
  private readonly byPath = new Map<string, IssuedUrl>();
  private issued = 0;

  constructor(
    private readonly max = 10_000,
    private readonly keepMs = 10 * 60_000,
  ) {}

  /** A fresh proxy path for `upstream`. */
  issue(upstream: string): { path: string; url: IssuedUrl } {
    this.trim();
    const path = randomBytes(24).toString('base64url');
    const url: IssuedUrl = { index: ++this.issued, upstream, uses: 0, issuedAt: performance.now() };
    this.byPath.set(path, url);
    return { path, url };
  }

  /** The URL behind a request path, counting this use; undefined for a path never handed out (or forgotten). */
  use(requestPath: string): IssuedUrl | undefined {
    const m = PROXY_PATH.exec(requestPath);
    const url = m ? this.byPath.get(m[1]) : undefined;
    if (url) url.uses += 1;
    return url;
  }

  private trim(): void {
    const now = performance.now();
    for (const [path, url] of this.byPath) {
      if (this.byPath.size < this.max && now - url.issuedAt < this.keepMs) break;
      this.byPath.delete(path);
    }
  }
}
