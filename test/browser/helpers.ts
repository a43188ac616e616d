/**
 * A headless Chromium for the browser tests: the system's (Debian's `chromium`, which `.ci/run`
 * installs), driven by playwright-core — nothing is downloaded. `CHROMIUM_PATH` names another.
 */

import { existsSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';

export const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

/** Whether the browser tests can run here; under CI a missing browser is a failure, not a skip. */
export function haveChromium(): boolean {
  if (existsSync(CHROMIUM)) return true;
  if (process.env['CI']) throw new Error(`no Chromium at ${CHROMIUM}: install Debian's chromium package (.ci/run does) or set CHROMIUM_PATH`);
  return false;
}

export async function launch(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  // --no-sandbox: CI containers run as root, where Chromium's sandbox cannot start.
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
}

/** What a page did that it must not: console errors, uncaught exceptions, and every request but the page's own file. */
export interface Watch {
  problems: string[];
  requests: string[];
}

export function watch(page: Page, own: string): Watch {
  const w: Watch = { problems: [], requests: [] };
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') w.problems.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => w.problems.push(`pageerror: ${e.message}`));
  page.on('request', (r) => {
    if (r.url() !== own) w.requests.push(r.url());
  });
  return w;
}
