/**
 * Debian's chromium driven by playwright-core (its own browser downloads cannot
 * work here). Playwright gives every launch a fresh temporary profile.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';

/** Debian's chromium by default; CHROMIUM_PATH points elsewhere (e.g. /usr/bin/google-chrome on GitHub's runners). */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOTS = join('e2e', 'screenshots');

// Chromium's own background traffic (updates, sync, QUIC probes) is refused on this network and only slows it down.
const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
}

/** Saves a full-page screenshot as e2e/screenshots/<name>.png (git-ignored), for a person to look at. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}
