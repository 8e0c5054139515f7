/**
 * Skydeck as a person uses it, in a real browser against the real server in
 * demo mode: search, sign in through the demo GitHub, add a city, see its
 * weather and the charts, remove it, sign out. Every page is screenshotted
 * to e2e/screenshots/ for a person to look at.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchBrowser, screenshot } from './support/browser.ts';
import { type ServerProcess, startServer } from './support/server.ts';
import { startServerAndBrowser } from './support/start.ts';

let server: ServerProcess;
let browser: Browser;

beforeAll(async () => {
  ({ server, browser } = await startServerAndBrowser(() => startServer(), launchBrowser));
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

/** Images that did not load (a missing icon shows as a broken image), by address. */
async function brokenImages(page: Page): Promise<string[]> {
  return page.$$eval('img', (images) =>
    images.filter((image) => !image.complete || image.naturalWidth === 0).map((image) => image.src),
  );
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

/**
 * The smallest font size any visible chart label is drawn at, in CSS px: the
 * computed font size times the scale the text is drawn at (an SVG viewBox
 * scales its text with the picture; a scaled-down chart would show here).
 */
async function smallestChartLabel(page: Page): Promise<number> {
  const sizes = await page.$$eval('figure.chart :is(text, figcaption, li, p, summary, th, td)', (elements) =>
    elements
      .filter((element) => element.getClientRects().length > 0)
      .map((element) => {
        // (No DOM types in this project: the page's own window, and the element's own methods.)
        const fontSize = Number.parseFloat(element.ownerDocument.defaultView.getComputedStyle(element).fontSize);
        const matrix = typeof element.getScreenCTM === 'function' ? element.getScreenCTM() : null;
        return fontSize * (matrix ? Math.min(Math.abs(matrix.a), Math.abs(matrix.d)) : 1);
      }),
  );
  // y labels, day labels, captions, legends: a chart with fewer has not been measured.
  expect(sizes.length).toBeGreaterThan(10);
  return Math.min(...sizes);
}

/** Saves one city's chart (its figure) as e2e/screenshots/<name>.png. */
async function chartScreenshot(page: Page, city: string, name: string): Promise<void> {
  await page
    .locator('li.city', { has: page.getByRole('heading', { name: new RegExp(`^${city}, `) }) })
    .locator('figure.chart')
    .screenshot({ path: `e2e/screenshots/${name}.png` });
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
      expect(await brokenImages(page)).toEqual([]);
      await screenshot(page, '02-home-weather');

      // °F: the same search comes back, in Fahrenheit and mph; signed out, a cookie keeps the choice.
      await page.getByRole('button', { name: '°F' }).click();
      await page.waitForURL(/\/\?city=Reykjavik$/);
      expect(await page.locator('.temp').textContent()).toMatch(/^-?\d+(\.\d)? °F$/);
      expect(await page.locator('.facts').textContent()).toContain(' mph');
      expect(await page.getByRole('button', { name: '°F' }).getAttribute('aria-pressed')).toBe('true');
      await screenshot(page, '02b-home-weather-fahrenheit');
      await page.getByRole('button', { name: '°C' }).click();
      await page.waitForURL(/\/\?city=Reykjavik$/);
      expect(await page.locator('.temp').textContent()).toMatch(/ °C$/);

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
    expect(await brokenImages(page)).toEqual([]);
    await screenshot(page, '07-dashboard-added');
  });

  test('switch to °F: every card follows, and the choice is kept', async () => {
    const { page } = tab;
    await page.getByRole('button', { name: '°F' }).click();
    await page.waitForURL(`${server.url}/dashboard`);
    const temps = await page.locator('li.city .temp').allTextContents();
    expect(temps.length).toBeGreaterThanOrEqual(1);
    for (const temp of temps) expect(temp).toMatch(/^-?\d+(\.\d)? °F$/);
    // The charts' axes follow too.
    expect(await page.locator('.chart-y text').first().textContent()).toMatch(/ °F$/);
    await page.reload();
    expect(await page.locator('li.city .temp').first().textContent()).toMatch(/ °F$/);
    await screenshot(page, '07b-dashboard-fahrenheit');
    await page.getByRole('button', { name: '°C' }).click();
    await page.waitForURL(`${server.url}/dashboard`);
    expect(await page.locator('li.city .temp').first().textContent()).toMatch(/ °C$/);
  });

  test('see the charts: one per city, the new city drawn from its first sample, labels at least 12 px', async () => {
    const { page } = tab;
    expect(await page.locator('figure.chart').count()).toBe(await page.locator('li.city').count());
    // Oslo was just added: the lookup that checked it is its first sample, so its chart is drawn at once.
    const oslo = page.getByRole('img', { name: /^Oslo, \w+ \d{4} Daily low, .* \(1 reading\)/ });
    const box = await oslo.boundingBox();
    expect(box?.width).toBeGreaterThan(200);
    expect(box?.height).toBeGreaterThan(100);
    await oslo.scrollIntoViewIfNeeded();
    await chartScreenshot(page, 'Oslo', '08-chart-new-city');
    expect(await page.locator('li.city', { hasText: 'Oslo, NO' }).locator('.next-snapshot').textContent()).toMatch(
      /^Next snapshot \d{4}-\d\d-\d\d \d\d:00 UTC \(in \d+ min\)$/,
    );
    // The demo user starts with history: Dublin's chart has a month of lines.
    expect(await page.locator('li.city', { hasText: 'Dublin, IE' }).locator('path.line-max').count()).toBe(1);
    await chartScreenshot(page, 'Dublin', '09-chart-history');
    expect(await smallestChartLabel(page)).toBeGreaterThanOrEqual(12);
  });

  test('on a phone (390×844): the same dashboard, its chart labels still at least 12 px', async () => {
    const phone = await browser.newContext({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 3,
      isMobile: true,
      hasTouch: true,
      storageState: await tab.context.storageState(), // signed in, as in the journey
    });
    try {
      const page = await phone.newPage();
      await page.goto(`${server.url}/dashboard`);
      const dublin = page.getByRole('img', { name: /^Dublin, / });
      const box = await dublin.boundingBox();
      expect(box?.width).toBeGreaterThan(250);
      expect(box?.width).toBeLessThanOrEqual(390);
      // Nothing wider than the screen: no sideways scrolling.
      expect(await page.$eval('html', (html) => html.scrollWidth)).toBeLessThanOrEqual(390);
      expect(await smallestChartLabel(page)).toBeGreaterThanOrEqual(12);
      await screenshot(page, '10-dashboard-phone');
      await dublin.scrollIntoViewIfNeeded();
      await chartScreenshot(page, 'Dublin', '11-chart-phone');
    } finally {
      await phone.close();
    }
  });

  test('the month links go back and forth; a malformed month is the current one, with a note', async () => {
    const { page } = tab;
    const months = page.getByRole('navigation', { name: 'Month' });
    const current = await months.locator('[aria-current=page]').textContent();
    expect(await months.getByRole('link').count()).toBe(1); // no month after the current one
    await months.locator('a[rel=prev]').click();
    await page.waitForURL(/\/dashboard\?month=\d{4}-\d\d$/);
    const previous = await months.locator('[aria-current=page]').textContent();
    expect(previous).not.toBe(current);
    expect(await page.locator('figcaption', { hasText: `Dublin, ${previous}` }).count()).toBe(1);
    await screenshot(page, '12-dashboard-previous-month');
    await months.locator('a[rel=next]').click();
    await page.waitForURL(/\/dashboard\?month=\d{4}-\d\d$/);
    expect(await months.locator('[aria-current=page]').textContent()).toBe(current);

    const response = await page.goto(`${server.url}/dashboard?month=2026-13`);
    expect(response?.status()).toBe(200);
    expect(await page.locator('p.notice').textContent()).toContain('That month was not understood');
    expect(await months.locator('[aria-current=page]').textContent()).toBe(current);
    await screenshot(page, '13-dashboard-bad-month');
    await page.goto(`${server.url}/dashboard`);
  });

  test('remove the city', async () => {
    const { page } = tab;
    await page.getByRole('button', { name: 'Remove Oslo' }).click();
    await page.waitForURL(`${server.url}/dashboard`);
    expect(await page.getByRole('status').textContent()).toBe('Removed Oslo.');
    expect(await page.getByRole('heading', { name: 'Oslo, NO' }).count()).toBe(0);
    await screenshot(page, '14-dashboard-removed');
  });

  test('sign out, then /dashboard sends the browser to /login', async () => {
    const { page, problems } = tab;
    await page.locator('header').getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(`${server.url}/`);
    expect(await page.locator('header').getByRole('link', { name: 'Sign in' }).count()).toBe(1);
    await screenshot(page, '15-signed-out');
    await page.goto(`${server.url}/dashboard`);
    await page.waitForURL(`${server.url}/login`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Sign in');
    await screenshot(page, '16-dashboard-signed-out');
    expect(problems).toEqual([]);
  });
});

describe('sign-in from the address the start log used to print (issue 8, defect 1)', () => {
  // PUBLIC_URL http://localhost:<port>, as `npm start` has it; the browser first asks for 127.0.0.1.
  let local: ServerProcess;
  beforeAll(async () => {
    local = await startServer({}, { publicHost: 'localhost' });
  });
  afterAll(async () => {
    if (local) expect(await local.stop()).toBe(0);
  });

  test('opening /login on 127.0.0.1 lands on PUBLIC_URL, and the sign-in there succeeds', async () => {
    const { context, page, problems } = await openTab();
    try {
      const publicUrl = local.url.replace('127.0.0.1', 'localhost');
      await page.goto(`${local.url}/login`);
      expect(page.url()).toBe(`${publicUrl}/login`);
      await page.getByRole('link', { name: 'Sign in with GitHub' }).click();
      await page.getByRole('button', { name: 'Continue as demo user' }).click();
      await page.waitForURL(`${publicUrl}/dashboard`);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toMatch(/^Welcome, /);
      expect(await page.locator('header').getByRole('button', { name: 'Sign out' }).count()).toBe(1);
      expect(await page.getByRole('button', { name: 'Sign out' }).count()).toBe(1);
      await screenshot(page, '13-signed-in-from-127.0.0.1');
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
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
      await screenshot(page, '17-api-docs');

      await page.locator('#operations-weather-get_weather .opblock-summary').click();
      await page.getByRole('button', { name: 'Try it out' }).click();
      await page.getByPlaceholder('city').fill('Oslo');
      await page.getByRole('button', { name: 'Execute' }).click();
      const status = page.locator('.live-responses-table .response .response-col_status').first();
      expect((await status.textContent())?.trim()).toBe('200');
      await screenshot(page, '18-api-docs-try-it');
      expect(problems).toEqual([]); // a CSP violation is a console error
      expect(elsewhere).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
