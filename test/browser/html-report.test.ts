/**
 * The HTML report in a real browser (headless Chromium, one per file): the seed case, a
 * must-gather bundle and a hostile log. No console error, no request but the page itself, every
 * finding and the chain graph on screen, swimlanes for the bundle, copy buttons that put each
 * command on the clipboard byte for byte, a page that fits a phone's width, and log text that
 * stays text. With KLD_SCREENSHOTS=1, full-page screenshots go to test-output/ (not committed): they
 * are for a person to look at, nothing here checks them, and encoding them took a third of the file's time.
 */

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { runInProcess, ROOT } from '../e2e/helpers.js';
import { fixParts } from '../../src/report/rich-text.js';
import { terminalSafe } from '../../src/report/terminal-safe.js';
import { haveChromium, launch, watch } from './helpers.js';

const OUT = join(ROOT, 'test-output');
const SCREENSHOTS = Boolean(process.env['KLD_SCREENSHOTS']);
/** A full-page screenshot in test-output/, when asked for (KLD_SCREENSHOTS=1). */
const screenshot = async (page: Page, name: string) => {
  if (SCREENSHOTS) await page.screenshot({ path: join(OUT, `${name}.png`), fullPage: true });
};
const dir = mkdtempSync(join(tmpdir(), 'kld-browser-'));

interface Written {
  url: string;
  json: { findings: { key: string; id: string; causedBy: string[]; fixes: string[] }[] };
}

/** Writes the HTML report of `args` to a file and returns its URL, with the JSON report of the same run. */
async function write(name: string, args: string[]): Promise<Written> {
  const file = join(dir, `${name}.html`);
  const r = await runInProcess([...args, '-o', 'json', '--html', file, '-q']);
  expect(r.stderr).toBe('');
  return { url: pathToFileURL(file).href, json: JSON.parse(r.stdout) };
}

/** The commands of a finding's fixes, as the report's model holds them. */
/** Keys of the findings on the page that are laid out and visible, in page order. */
const shownFindings = (page: Page) =>
  page.locator('article.finding').evaluateAll((els) => els.filter((e) => (e as HTMLElement).offsetHeight > 0 && getComputedStyle(e).visibility === 'visible').map((e) => e.getAttribute('data-key')));

const commands = (fixes: string[]) => fixes.flatMap((f) => fixParts(terminalSafe(f)).filter((p) => p.kind === 'code' && p.command).map((p) => p.text));

/** A browser on a busy machine: each test opens pages (and may take full-page screenshots). */
const SLOW = { timeout: 120_000 };

describe.skipIf(!haveChromium())('HTML report in Chromium', () => {
  let browser: Browser | undefined;
  // Chromium starts while the first test writes its report; each test awaits it before opening a page.
  let started: Promise<BrowserContext>;
  beforeAll(() => {
    if (SCREENSHOTS) mkdirSync(OUT, { recursive: true });
    started = launch().then(async (b) => {
      browser = b;
      const context = await b.newContext({ viewport: { width: 1200, height: 900 } });
      await context.grantPermissions(['clipboard-read', 'clipboard-write']);
      return context;
    });
    started.catch(() => undefined); // reported by the tests that await it
  });
  afterAll(async () => {
    await started.catch(() => undefined);
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('seed case: every finding and the chain graph shown, no error, no request; copy buttons copy each command exactly', SLOW, async () => {
    const { url, json } = await write('seed-case', ['samples/seed-case']);
    const page = await (await started).newPage();
    const seen = watch(page, url);
    await page.goto(url);
    expect(await shownFindings(page)).toEqual(json.findings.map((f) => f.key));
    // The graph: root cause → consequence, the edge labelled with its chain rule.
    await expect(page.locator('#chains svg.graph').isVisible()).resolves.toBe(true);
    expect(await page.locator('#chains .node').count()).toBe(2);
    const labels = page.locator('#chains .edge-label');
    expect(await labels.count()).toBe(1);
    expect(await labels.getAttribute('data-rule')).toBe('near-miss-explains-mapping-errors');
    expect(await labels.evaluate((e) => e.firstChild?.textContent)).toBe('near-miss-explains-mapping-errors');
    // Every visible copy button (fixes of findings that are not caused by another) copies its command.
    const expected = json.findings.filter((f) => f.causedBy.length === 0).flatMap((f) => commands(f.fixes));
    expect(expected).toContain(`kubectl get crd podautoscalers.autoscaling.aibrix.ai -o jsonpath='{.spec.names.kind}'`);
    const buttons = page.locator('button.copy:visible');
    expect(await buttons.count()).toBe(expected.length);
    const copied: string[] = [];
    for (let i = 0; i < expected.length; i++) {
      await page.evaluate(() => navigator.clipboard.writeText(''));
      await buttons.nth(i).click();
      await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).not.toBe('');
      copied.push(await page.evaluate(() => navigator.clipboard.readText()));
    }
    expect(copied).toEqual(expected);
    await screenshot(page, 'seed-case');
    expect(seen).toEqual({ problems: [], requests: [] });
    await page.close();
  });

  it('must-gather bundle: swimlanes of its sources, the graph, every finding; readable on a phone', SLOW, async () => {
    const { url, json } = await write('must-gather', ['samples/bundles/must-gather.tar.gz']);
    for (const [name, width] of [['must-gather', 1200], ['must-gather-phone', 390]] as const) {
      const page = await (await started).newPage();
      await page.setViewportSize({ width, height: 800 });
      const seen = watch(page, url);
      await page.goto(url);
      await expect(page.locator('#swimlanes').isVisible()).resolves.toBe(true);
      expect(await page.locator('#swimlanes .lane svg').count()).toBeGreaterThanOrEqual(2);
      // Each mark says what it is on hover: the finding, its count in the source and the first line.
      const title = await page.locator('#swimlanes .lane svg g title').first().textContent();
      expect(title).toMatch(/^[a-z0-9-]+ ×\d+ in .+\n.+ – .+\nfirst: .+:\d+ {2}.+/);
      await expect(page.locator('#chains svg.graph').isVisible()).resolves.toBe(true);
      expect(await shownFindings(page)).toEqual(json.findings.map((f) => f.key));
      // Nothing wider than the screen but the graph, which scrolls in its own box.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      await screenshot(page, name);
      expect(seen).toEqual({ problems: [], requests: [] });
      await page.close();
    }
  });

  it('hostile log text stays text: no script runs, no request is made, the line shows as written', SLOW, async () => {
    const hostile =
      '<script>window.__pwned = 1</script><img src="https://evil.example/x.png" onerror="window.__pwned = 2">' +
      '<a href="javascript:window.__pwned=3">click</a> \u001b]8;;https://evil.example\u0007link\u001b]8;;\u0007 \u001b[31mred';
    const log = join(dir, 'hostile.log');
    writeFileSync(
      log,
      `E0612 10:00:20.717000       1 garbagecollector.go:360] "error syncing item" err="unable to get REST mapping for autoscaling.aibrix.ai/v1alpha1/PodAutoScaler." item="${hostile.replace(/"/g, '\\"')}"\n`,
    );
    const { url, json } = await write('hostile', [log]);
    expect(json.findings.length).toBeGreaterThan(0);
    const page = await (await started).newPage();
    const seen = watch(page, url);
    await page.goto(url);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.locator('main script, main img, main a[href^="javascript"]').count()).toBe(0);
    const evidence = await page.locator('.evidence pre').first().textContent();
    expect(evidence).toContain('<script>window.__pwned = 1</script>');
    expect(evidence).toContain('\\x1b]8;;https://evil.example\\x07link');
    await page.locator('.evidence pre').first().click();
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(seen).toEqual({ problems: [], requests: [] });
    await page.close();
  });
});
