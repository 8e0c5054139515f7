/**
 * Skydeck as a person uses it, in a real browser against the real server in
 * demo mode: search, sign in through the demo GitHub, add a city, see its
 * weather and the charts, remove it, sign out. Every page is screenshotted
 * to e2e/screenshots/ for a person to look at.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchBrowser, screenshot } from './support/browser.js';
import { type ServerProcess, startServer } from './support/server.js';

let server: ServerProcess;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  // The server must also shut down cleanly after a browser has used it (keep-alive connections and all).
  if (server) expect(await server.stop()).toBe(0);
});

/**
 * A tab in a fresh browser profile that records what went wrong on its pages:
 * script errors, console errors (a CSP violation is one), and subresources
 * (stylesheet, icon) that failed. A page answered 4xx on purpose is not a problem.
 */
async function openTab(): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1100, height: 800 } });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource'))
      problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('response', (response) => {
    if (response.request().resourceType() !== 'document' && response.status() >= 400) {
      problems.push(`${response.status()} ${response.url()}`);
    }
  });
  page.on('requestfailed', (request) => {
    // Leaving a page cancels what it was still loading (an icon, say): that is the browser's choice, not a failure.
    if (request.failure()?.errorText !== 'net::ERR_ABORTED') problems.push(`failed ${request.url()}`);
  });
  return { context, page, problems };
}

/** Every visible form control has a label a screen reader can read out. */
async function unlabelledInputs(page: Page): Promise<string[]> {
  return page.$$eval('input:not([type=hidden]), select, textarea', (controls) =>
    controls
      .filter(
        (control) =>
          (control as unknown as { labels: ArrayLike<unknown> }).labels.length === 0 &&
          !control.getAttribute('aria-label'),
      )
      .map((control) => control.outerHTML),
  );
}

describe('the home page', () => {
  test('search a city and see its weather; an unknown city gets a friendly message', async () => {
    const { context, page, problems } = await openTab();
    try {
      await page.goto(`${server.url}/`);
      expect(await page.title()).toBe('Weather search · Skydeck');
      expect(await page.locator('.demo-hint').textContent()).toContain('Demo mode');
      expect(await unlabelledInputs(page)).toEqual([]);
      await screenshot(page, '01-home');

      await page.getByLabel('City').fill('Reykjavik');
      await page.getByRole('button', { name: 'Show weather' }).click();
      await page.waitForURL(/\/\?city=Reykjavik$/);
      expect(await page.getByRole('heading', { level: 2 }).textContent()).toBe('Reykjavik, IS');
      expect(await page.locator('.temp').textContent()).toMatch(/^-?\d+(\.\d)? °C$/);
      await screenshot(page, '02-home-weather');

      await page.getByLabel('City').fill('Atlantis');
      await page.getByRole('button', { name: 'Show weather' }).click();
      await page.waitForURL(/\/\?city=Atlantis$/);
      expect(await page.getByRole('alert').textContent()).toContain("couldn't find “Atlantis”");
      await screenshot(page, '03-home-not-found');
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

describe('a signed-in journey', () => {
  // One browser session across the steps, in order, as a person would go.
  let tab: Awaited<ReturnType<typeof openTab>>;
  beforeAll(async () => {
    tab = await openTab();
  });
  afterAll(async () => {
    await tab?.context.close();
  });

  test('sign in through the demo GitHub and land on the dashboard', async () => {
    const { page } = tab;
    await page.goto(`${server.url}/login`);
    await screenshot(page, '04-login');
    await page.getByRole('link', { name: 'Sign in with GitHub' }).click();
    await page.waitForURL(/\/demo\/github\//);
    await screenshot(page, '05-demo-github');
    await page.getByRole('button', { name: 'Continue as demo user' }).click();
    await page.waitForURL(`${server.url}/dashboard`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toMatch(/^Welcome, /);
    expect(await unlabelledInputs(page)).toEqual([]);
    await screenshot(page, '06-dashboard');
  });

  test('add a city and see it with its weather', async () => {
    const { page } = tab;
    await page.getByLabel('Add a city').fill('Oslo');
    await page.getByRole('button', { name: 'Add city' }).click();
    await page.waitForURL(`${server.url}/dashboard`);
    expect(await page.getByRole('status').textContent()).toBe('Added Oslo, NO.');
    const oslo = page.locator('li.city', { has: page.getByRole('heading', { name: 'Oslo, NO' }) });
    expect(await oslo.locator('.temp').textContent()).toMatch(/^-?\d+(\.\d)? °C$/);
    await screenshot(page, '07-dashboard-added');
  });

  test('see the chart: one accessible image per city, drawn', async () => {
    const { page } = tab;
    // One chart per saved city, each an image named by its <title> and <desc>.
    expect(await page.locator('svg.chart[role=img]').count()).toBe(await page.locator('li.city').count());
    const oslo = page.getByRole('img', { name: /^Oslo, \w+ \d{4} No temperatures recorded/ });
    const box = await oslo.boundingBox();
    expect(box?.width).toBeGreaterThan(200);
    expect(box?.height).toBeGreaterThan(50);
    await oslo.scrollIntoViewIfNeeded();
    await oslo.screenshot({ path: 'e2e/screenshots/08-chart-new-city.png' });
    // The demo user starts with history, so at least one chart has lines to draw.
    const drawn = page.locator('svg.chart:not(.empty) path.line-max');
    expect(await drawn.count()).toBeGreaterThanOrEqual(1);
    await drawn
      .first()
      .locator('xpath=ancestor::*[local-name()="svg"]')
      .screenshot({ path: 'e2e/screenshots/09-chart-history.png' });
  });

  test('remove the city', async () => {
    const { page } = tab;
    await page.getByRole('button', { name: 'Remove Oslo' }).click();
    await page.waitForURL(`${server.url}/dashboard`);
    expect(await page.getByRole('status').textContent()).toBe('Removed Oslo.');
    expect(await page.getByRole('heading', { name: 'Oslo, NO' }).count()).toBe(0);
    await screenshot(page, '10-dashboard-removed');
  });

  test('sign out, then /dashboard sends the browser to /login', async () => {
    const { page, problems } = tab;
    await page.locator('header').getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(`${server.url}/`);
    expect(await page.locator('header').getByRole('link', { name: 'Sign in' }).count()).toBe(1);
    await screenshot(page, '11-signed-out');
    await page.goto(`${server.url}/dashboard`);
    await page.waitForURL(`${server.url}/login`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Sign in');
    await screenshot(page, '12-dashboard-signed-out');
    expect(problems).toEqual([]);
  });
});

describe('the API docs', () => {
  test('/docs draws every operation from /openapi.json, under the strict CSP, and can try one out', async () => {
    const { context, page, problems } = await openTab();
    const elsewhere: string[] = [];
    page.on('request', (request) => {
      if (!request.url().startsWith(server.url) && !request.url().startsWith('data:')) elsewhere.push(request.url());
    });
    try {
      await page.goto(`${server.url}/docs`);
      await page.waitForSelector('.opblock');
      const paths = await page.locator('.opblock-summary-path').allTextContents();
      const document = (await (await fetch(`${server.url}/openapi.json`)).json()) as { paths: object };
      const documented = Object.keys(document.paths);
      expect(new Set(paths)).toEqual(new Set(documented));
      await screenshot(page, '13-api-docs');

      await page.locator('#operations-weather-get_weather .opblock-summary').click();
      await page.getByRole('button', { name: 'Try it out' }).click();
      await page.getByPlaceholder('city').fill('Oslo');
      await page.getByRole('button', { name: 'Execute' }).click();
      const status = page.locator('.live-responses-table .response .response-col_status').first();
      expect((await status.textContent())?.trim()).toBe('200');
      await screenshot(page, '14-api-docs-try-it');
      expect(problems).toEqual([]); // a CSP violation is a console error
      expect(elsewhere).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
