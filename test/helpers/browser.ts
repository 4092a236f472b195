import { existsSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * A Chromium to drive: $CHROME_PATH or $CHROMIUM_PATH, Debian's chromium, or one in playwright's cache.
 * Undefined when the machine has none: browser tests then skip, except under CI=true where they must run.
 */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const candidates = [
    env.CHROME_PATH,
    env.CHROMIUM_PATH,
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    ...playwrightCache(env),
  ];
  return candidates.find((p): p is string => !!p && existsSync(p));
}

function playwrightCache(env: NodeJS.ProcessEnv): string[] {
  const root = env.PLAYWRIGHT_BROWSERS_PATH ?? join(homedir(), '.cache', 'ms-playwright');
  if (!existsSync(root)) return [];
  return readdirSync(root)
    .filter((d) => d.startsWith('chromium'))
    .flatMap((d) => [
      join(root, d, 'chrome-linux', 'chrome'),
      join(root, d, 'chrome-linux64', 'chrome'),
      join(root, d, 'chrome-linux', 'headless_shell'),
    ]);
}

export const HOW_TO_ENABLE_BROWSER =
  'no Chromium found: apt-get install -y chromium (or set CHROME_PATH) to run the browser test';

/** CI=true makes a missing browser a failure, so CI cannot silently lose the test. */
export const browserRequired = (env: NodeJS.ProcessEnv = process.env): boolean => env.CI === 'true' || env.CI === '1';
