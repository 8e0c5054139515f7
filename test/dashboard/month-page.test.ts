/**
 * The dashboard's month (?month=YYYY-MM): links to the months around it, any
 * value at all answered with a page, and when the next snapshot is due. Date
 * is frozen (timers are not), so "the current month" is the same in every run.
 */
import { afterEach, beforeEach } from 'vitest';
import type { City } from '../../src/cities/repository.ts';
import { untilText } from '../../src/dashboard/page.ts';
import { createSnapshotRepository, type Sample } from '../../src/snapshots/repository.ts';
import { describe, expect, test, vi } from '../fixtures.ts';
import { testConfig } from '../support/config.ts';
import { TEST_USER } from '../support/users.ts';

const asBrowser = { headers: { accept: 'text/html,application/xhtml+xml' } };
const NOW = new Date('2026-11-27T10:20:00Z');
const NOT_UNDERSTOOD = 'That month was not understood (use YYYY-MM, e.g. 2026-11), so this is the current month.';

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'], now: NOW });
});
afterEach(() => {
  vi.useRealTimers();
});

/** The month links as [rel, href, text]. */
function monthLinks(body: string): string[][] {
  const nav = body.match(/<nav class="months" aria-label="Month">([\s\S]*?)<\/nav>/)?.[1] ?? '';
  return [...nav.matchAll(/<a href="([^"]*)" rel="(prev|next)">([^<]*)<\/a>/g)].map((m) => [m[2]!, m[1]!, m[3]!]);
}

function shownMonth(body: string): string | undefined {
  return body.match(/<span aria-current="page">([^<]*)<\/span>/)?.[1];
}

function sample(city: City, recordedAt: string, temp_c: number): Sample {
  return { city_key: city.city_key, recorded_at: recordedAt, temp_c, humidity: 80, description: 'x' };
}

describe('GET /dashboard?month=', () => {
  test('without a month: the current one, a link to the month before and none to the month after', async ({
    authenticatedClient,
  }) => {
    const body = (await authenticatedClient.get('/dashboard', asBrowser)).body;
    expect(shownMonth(body)).toBe('November 2026');
    expect(monthLinks(body)).toEqual([['prev', '/dashboard?month=2026-10', '← October 2026']]);
    expect(body).toContain('charts show November 2026 (UTC)');
    expect(body).not.toContain('class="notice"');
  });

  test("a past month: that month's history in the charts, and links both ways that work", async ({
    savedCities,
    db,
  }) => {
    const [dublin] = savedCities.cities;
    await createSnapshotRepository(db).insertSamples([
      sample(dublin!, '2026-09-14T12:00:00.000Z', 17),
      sample(dublin!, '2026-10-02T12:00:00.000Z', 9),
    ]);
    const september = (await savedCities.client.get('/dashboard?month=2026-09', asBrowser)).body;
    expect(shownMonth(september)).toBe('September 2026');
    expect(september).toContain('Dublin, September 2026</figcaption>');
    expect(september).toContain('lowest 17 °C on 2026-09-14');
    expect(monthLinks(september)).toEqual([
      ['prev', '/dashboard?month=2026-08', '← August 2026'],
      ['next', '/dashboard?month=2026-10', 'October 2026 →'],
    ]);

    const [, next] = monthLinks(september);
    const october = (await savedCities.client.get(next![1]!, asBrowser)).body;
    expect(october).toContain('lowest 9 °C on 2026-10-02');
    expect(monthLinks(october).map(([, href]) => href)).toEqual([
      '/dashboard?month=2026-09',
      '/dashboard?month=2026-11',
    ]);
  });

  test.for<[string, string, string]>([
    ['month 13', '?month=2026-13', NOT_UNDERSTOOD],
    ['letters', '?month=abc', NOT_UNDERSTOOD],
    ['9999-99', '?month=9999-99', NOT_UNDERSTOOD],
    ['an empty month', '?month=', NOT_UNDERSTOOD],
    ['an array', '?month=2026-10&month=2026-09', NOT_UNDERSTOOD],
    ['bracket syntax', '?month[]=2026-10', ''],
    ['a huge value', `?month=${'9'.repeat(8000)}`, NOT_UNDERSTOOD],
    ['escapes and a NUL', '?month=%002026-10%3Cscript%3E', NOT_UNDERSTOOD],
    ['a month to come', '?month=2026-12', 'There is no weather history for a month still to come'],
    ['before 1970', '?month=1969-12', 'Skydeck has no weather history from before 1970'],
  ])('%s: the current month with a note, never an error page', async ([, query, note], { savedCities }) => {
    const response = await savedCities.client.get(`/dashboard${query}`, asBrowser);
    expect(response.statusCode).toBe(200);
    expect(shownMonth(response.body)).toBe('November 2026');
    expect(response.body).toContain('Dublin, November 2026</figcaption>');
    if (note) expect(response.body).toContain(`<p class="notice" role="status">${note}`);
    else expect(response.body).not.toContain('class="notice"'); // `month[]` is another parameter: no month asked for
    expect(response.body).not.toContain('&lt;script');
  });

  test.for<[string]>([['?month=2026-10'], ['?month=abc'], ['?month=2026-10&month=x']])(
    "API clients keep the seed's JSON whatever %s says (the month is the page's)",
    async ([query], { authenticatedClient, upstream }) => {
      const response = await authenticatedClient.get(`/dashboard${query}`);
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({
        user_id: TEST_USER.id,
        username: TEST_USER.login,
        message: 'welcome to your dashboard',
      });
      expect(upstream.sent).toEqual([]);
    },
  );

  test('signed out, any month still goes to /login', async ({ client }) => {
    const response = await client.get('/dashboard?month=abc', asBrowser);
    expect(response.statusCode).toBe(302);
    expect(response.headers.location).toBe('/login');
  });
});

describe('when the next snapshot is due', () => {
  test('each card says when, from SNAPSHOT_CRON (hourly by default)', async ({ savedCities }) => {
    const body = (await savedCities.client.get('/dashboard', asBrowser)).body;
    const note =
      '<p class="muted next-snapshot">Next snapshot <time datetime="2026-11-27T11:00:00.000Z">2026-11-27 11:00 UTC</time> (in 40 min)</p>';
    expect(body.split(note)).toHaveLength(savedCities.cities.length + 1);
  });

  describe('on another schedule', () => {
    test.override('config', () => testConfig({ SNAPSHOT_CRON: '30 6 * * 1' })); // Mondays at 06:30 UTC

    test('the card follows it', async ({ savedCities }) => {
      const body = (await savedCities.client.get('/dashboard', asBrowser)).body;
      // 2026-11-27 is a Friday: the next Monday is the 30th.
      expect(body).toContain(
        'Next snapshot <time datetime="2026-11-30T06:30:00.000Z">2026-11-30 06:30 UTC</time> (in 2 days)',
      );
    });
  });

  test('without saved cities, nothing is said about snapshots', async ({ authenticatedClient }) => {
    expect((await authenticatedClient.get('/dashboard', asBrowser)).body).not.toContain('Next snapshot');
  });
});

describe('a wait in words', () => {
  const MINUTE = 60_000;
  test.for<[number, string]>([
    [0, 'in 1 min'],
    [1, 'in 1 min'],
    [40 * MINUTE, 'in 40 min'],
    [59 * MINUTE + 1, 'in 1 h'],
    [60 * MINUTE, 'in 1 h'],
    [125 * MINUTE, 'in 2 h 5 min'],
    [(48 * 60 - 1) * MINUTE, 'in 47 h 59 min'],
    [48 * 60 * MINUTE, 'in 2 days'],
    [(7 * 24 + 5) * 60 * MINUTE, 'in 7 days'],
  ])('%d ms: %s', ([ms, text]) => {
    expect(untilText(ms)).toBe(text);
  });
});
