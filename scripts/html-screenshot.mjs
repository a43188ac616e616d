#!/usr/bin/env node
/**
 * The README's picture of the HTML report: renders the report of a sample bundle with the built
 * CLI, opens it in headless Chromium (the system's, as the browser tests do) and saves the top of
 * the page — summary, causal graph, swimlanes and the first finding — as a PNG.
 *
 *   npm run build && node scripts/html-screenshot.mjs [BUNDLE] [OUT.png]
 *
 * Defaults: samples/bundles/must-gather.tar.gz → docs/html-report.png. CHROMIUM_PATH names another browser.
 */

import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const root = resolve(import.meta.dirname, '..');
const bundle = process.argv[2] ?? 'samples/bundles/must-gather.tar.gz';
const out = resolve(process.argv[3] ?? join(root, 'docs/html-report.png'));
const dir = mkdtempSync(join(tmpdir(), 'kld-shot-'));
try {
  const html = execFileSync(process.execPath, [join(root, 'dist/cli/main.js'), bundle, '-o', 'html', '-q'], { cwd: root, maxBuffer: 256 << 20 });
  const file = join(dir, 'report.html');
  writeFileSync(file, html);
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    await page.goto(pathToFileURL(file).href);
    // Down to the end of the first finding's fixes.
    const first = await page.locator('article.finding').first().boundingBox();
    const fixes = await page.locator('article.finding').first().locator('ol.fixes').boundingBox();
    const height = Math.ceil(Math.min(first.y + first.height, (fixes?.y ?? first.y) + 260) + 16);
    await page.screenshot({ path: out, clip: { x: 0, y: 0, width: 1200, height }, fullPage: true });
    console.log(`${out}: 1200×${height}`);
  } finally {
    await browser.close();
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
