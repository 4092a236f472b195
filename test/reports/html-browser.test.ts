import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { HOW_TO_ENABLE_BROWSER, browserRequired, findChromium } from '../helpers/browser.js';
import { runCli } from '../helpers/cli.js';

const CHROMIUM = findChromium();
const REQUIRED = browserRequired();
if (!CHROMIUM && !REQUIRED) console.log(`html-browser.test.ts skipped: ${HOW_TO_ENABLE_BROWSER}`);
const SHOTS = fileURLToPath(new URL('../../test-output/html-report/', import.meta.url));
const HOSTILE = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">';

describe('index.html in real headless Chromium', () => {
  it.skipIf(!CHROMIUM && !REQUIRED)(
    'draws every chart, expands a failing check to its transcript, shows hostile strings as text, logs no error',
    async () => {
      // Under CI=true (.ci/run installs Debian's chromium) a missing browser fails instead of skipping.
      expect(CHROMIUM, HOW_TO_ENABLE_BROWSER).toBeDefined();
      const dir = mkdtempSync(join(tmpdir(), 'rtmc-html-'));
      const run = await runCli([
        '--fault',
        'pong-drops-args',
        '--suite',
        'ping',
        '--suite',
        'connect',
        '--runs',
        '5',
        '--out',
        dir,
        '--reporter',
        'json',
      ]);
      expect(run.code).toBe(1);
      const load = await runCli(
        ['load', '--rate', '300', '--duration', '2', '--warmup', '0', '--connections', '2', '--out', dir],
        { timeoutMs: 90_000 },
      );
      expect(load.code, load.stderr).toBe(0);
      // A hostile target's strings, where a target's strings land: the failure's actual and its frames.
      const results = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8'));
      const failing = results.checks.find((c: { status: string }) => c.status === 'fail');
      failing.actual = `pong ${HOSTILE}`;
      failing.transcript.push({ t: 1, dir: 'in', conn: 'c1', text: `{"type":"pong","x":"${HOSTILE}"}` });
      writeFileSync(join(dir, 'results.json'), JSON.stringify(results));
      rmSync(join(dir, 'index.html'));
      const regen = await runCli(['report', dir]);
      expect(regen.code).toBe(0);
      expect(existsSync(join(dir, 'index.html'))).toBe(true);

      mkdirSync(SHOTS, { recursive: true });
      const browser = await chromium.launch({
        executablePath: CHROMIUM!,
        args: [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--no-first-run',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
        ],
      });
      try {
        const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
        const errors: string[] = [];
        const requests: string[] = [];
        page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
        page.on('pageerror', (e) => errors.push(String(e)));
        page.on(
          'request',
          (r) => !r.url().startsWith('file:') && !r.url().startsWith('data:') && requests.push(r.url()),
        );
        await page.goto(`file://${join(dir, 'index.html')}`);
        await page.screenshot({ path: join(SHOTS, 'top.png'), fullPage: false });

        const charts = await page.evaluate(() =>
          [...document.querySelectorAll('.chart')].map((el) => {
            const canvas = el.querySelector('canvas');
            if (!canvas) return 0;
            const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
            let painted = 0;
            for (let i = 3; i < data.length; i += 4) if (data[i] !== 0) painted += 1;
            return painted;
          }),
        );
        expect(charts.length).toBe(3);
        for (const painted of charts) expect(painted).toBeGreaterThan(500);

        const check = page.locator(`details#check-${failing.id.replace('.', '\\.')}`);
        await check.evaluate((d: HTMLDetailsElement) => (d.open = false));
        await expect(check.locator('table.transcript').isVisible()).resolves.toBe(false);
        await check.locator('summary').click();
        await expect(check.locator('table.transcript').isVisible()).resolves.toBe(true);
        await check.scrollIntoViewIfNeeded();
        await page.screenshot({ path: join(SHOTS, 'failing-check.png') });
        // biome-ignore lint/performance/useDomNodeTextContent: Playwright's Locator.innerText(), not the DOM property
        const text = await check.innerText();
        expect(text).toContain(HOSTILE);
        expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
        await page.locator('h2:has-text("Load")').scrollIntoViewIfNeeded();
        await page.screenshot({ path: join(SHOTS, 'load.png') });
        expect(errors).toEqual([]);
        expect(requests).toEqual([]);
      } finally {
        await browser.close();
      }
    },
  );
});
