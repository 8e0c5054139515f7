/** The dashboard's HTML forms: add and remove a city without JavaScript, post → redirect → page with a message. */
import { cityKey } from '../../src/cities/city-key.ts';
import { createCityRepository } from '../../src/cities/repository.ts';
import { MAX_CITIES_PER_USER } from '../../src/cities/service.ts';
import type { Database } from '../../src/db/database.ts';
import { describe, expect, test } from '../fixtures.ts';
import { saveCities } from '../support/cities.ts';
import type { TestClient } from '../support/client.ts';
import { MONTH_END } from '../support/clock.ts';
import { openWeatherMap } from '../support/openweathermap.ts';
import { TEST_USER } from '../support/users.ts';

const asBrowser = { headers: { accept: 'text/html,application/xhtml+xml' } };

async function savedNames(db: Database, userId: number = TEST_USER.id): Promise<string[]> {
  return (await createCityRepository(db).listForUser(userId)).map((city) => city.name);
}

/** Follows the form's redirect, as the browser would. */
async function postAndFollow(client: TestClient, url: string, form: Record<string, string> = {}) {
  const posted = await client.post(url, { form, headers: asBrowser.headers });
  expect(posted.statusCode).toBe(303);
  expect(posted.headers.location).toBe('/dashboard');
  return client.get('/dashboard', asBrowser);
}

describe('POST /dashboard/cities', () => {
  test('a form without a name field: refused, and nothing echoed into the box', async ({ authenticatedClient }) => {
    const page = await postAndFollow(authenticatedClient, '/dashboard/cities', {});
    expect(page.body).toMatch(/<input [^>]*name="name" value=""/);
    expect(page.body).toContain('City is required.');
  });

  test('saves the city under its provider name, then shows it with a message, once', async ({
    authenticatedClient,
    db,
  }) => {
    const page = await postAndFollow(authenticatedClient, '/dashboard/cities', { name: '  oslo ' });
    expect(await savedNames(db)).toEqual(['Oslo']);
    expect(page.body).toContain('<p class="success" role="status">Added Oslo, NO.</p>');
    expect(page.body).toContain('<h3>Oslo, NO</h3>');
    const again = await authenticatedClient.get('/dashboard', asBrowser);
    expect(again.body).not.toContain('Added Oslo');
  });

  test('the new city shows its first sample at once (the lookup that checked it), and when the next is due', async ({
    authenticatedClient,
    clock,
  }) => {
    clock.set(MONTH_END); // the page after the redirect shows the month the sample was stored in
    const page = await postAndFollow(authenticatedClient, '/dashboard/cities', { name: 'Oslo' });
    const card = page.body.slice(page.body.indexOf('<h3>Oslo, NO</h3>'));
    expect(card).toContain('<div class="chart-graphic" role="img"');
    expect(card).toMatch(
      /Daily low, average and high temperatures on 1 day of \w+ \d{4} \(1 reading\): lowest -?[\d.]+ °C/,
    );
    expect(card).toMatch(/Next snapshot <time datetime="[^"]+:00:00.000Z">/);
  });

  test.for<[string, string, string]>([
    ['an empty name', '  ', 'City must not be empty.'],
    ['a name too long', 'x'.repeat(101), 'City must be at most 100 characters.'],
    ['a city the provider does not know', 'Atlantis', 'We couldn&#39;t find “Atlantis”. Check the spelling'],
  ])(
    'refuses %s with a friendly message, and keeps what was typed',
    async ([, name, message], { authenticatedClient, db }) => {
      const page = await postAndFollow(authenticatedClient, '/dashboard/cities', { name });
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain(`<p class="notice" role="alert">${message}`);
      expect(page.body).toContain(`name="name" value="${name.trim() === '' ? '' : name.trim()}"`);
      expect(await savedNames(db)).toEqual([]);
    },
  );

  test('a very long name is refused, and only its first 200 characters are echoed back', async ({
    authenticatedClient,
    sessionOf,
  }) => {
    const posted = await authenticatedClient.post('/dashboard/cities', {
      form: { name: 'y'.repeat(50_000) },
      headers: asBrowser.headers,
    });
    expect(posted.statusCode).toBe(303);
    // What waits in the session for the next page is small, whatever was posted.
    const kept = JSON.stringify((await sessionOf(authenticatedClient))?.data);
    expect(kept).toContain('y'.repeat(200));
    expect(kept).not.toContain('y'.repeat(201));
    const page = await authenticatedClient.get('/dashboard', asBrowser);
    expect(page.body).toContain('City must be at most 100 characters.');
    expect(page.body).toContain(`name="name" value="${'y'.repeat(200)}"`);
  });

  test('a city already saved (any case) is refused', async ({ savedCities, db }) => {
    const page = await postAndFollow(savedCities.client, '/dashboard/cities', { name: 'DUBLIN' });
    expect(page.body).toContain('“DUBLIN” is already on your dashboard.');
    expect(await savedNames(db)).toEqual(['Dublin', 'Tokyo']);
  });

  test(`the ${MAX_CITIES_PER_USER + 1}st city is refused`, async ({ authenticatedClient, db, upstream }) => {
    const at = new Date().toISOString();
    const towns = Array.from({ length: MAX_CITIES_PER_USER }, (_, i) => `Town ${i + 1}`);
    await db
      .insertInto('cities')
      .values(
        towns.map((name) => ({
          user_id: TEST_USER.id,
          name,
          country: 'IE',
          city_key: cityKey(name, 'IE'),
          query: name,
          created_at: at,
        })),
      )
      .execute();
    upstream.use(openWeatherMap.status(503)); // the dashboard's own lookups: not what this test is about
    const page = await postAndFollow(authenticatedClient, '/dashboard/cities', { name: 'Oslo' });
    expect(page.body).toContain(`You can save at most ${MAX_CITIES_PER_USER} cities. Remove one to add another.`);
    expect(await savedNames(db)).toHaveLength(MAX_CITIES_PER_USER);
  });

  test.for<[string, () => ReturnType<typeof openWeatherMap.status>]>([
    ['answers 500', () => openWeatherMap.status(500)],
    ['is unreachable', () => openWeatherMap.networkError()],
  ])(
    'the provider down (%s): refused with a try-again message, nothing saved',
    async ([, handler], { authenticatedClient, db, upstream }) => {
      upstream.use(handler());
      const page = await postAndFollow(authenticatedClient, '/dashboard/cities', { name: 'Oslo' });
      expect(page.body).toContain('The weather service is unavailable right now, so “Oslo” couldn&#39;t be checked.');
      expect(await savedNames(db)).toEqual([]);
    },
  );

  test('a form without the field is refused like an empty one', async ({ authenticatedClient, db }) => {
    const page = await postAndFollow(authenticatedClient, '/dashboard/cities', {});
    expect(page.body).toContain('<p class="notice" role="alert">City is required.</p>');
    expect(await savedNames(db)).toEqual([]);
  });
});

describe('POST /dashboard/cities/:id/delete', () => {
  test('removes the city and says so; the others stay', async ({ savedCities, db }) => {
    const [dublin] = savedCities.cities;
    const page = await postAndFollow(savedCities.client, `/dashboard/cities/${dublin!.id}/delete`);
    expect(page.body).toContain('<p class="success" role="status">Removed Dublin.</p>');
    expect(page.body).not.toContain('<h3>Dublin, IE</h3>');
    expect(page.body).toContain('<h3>Tokyo, JP</h3>');
    expect(await savedNames(db)).toEqual(['Tokyo']);
  });

  test("another user's city is not touched: the same message as a missing one", async ({
    authenticatedClient,
    loggedInAs,
    db,
  }) => {
    await loggedInAs(7);
    const [theirs] = await saveCities(db, 7, ['Paris']);
    const page = await postAndFollow(authenticatedClient, `/dashboard/cities/${theirs!.id}/delete`);
    expect(page.body).toContain('That city is not on your dashboard (already removed?).');
    expect(page.body).toMatch(/<input [^>]*name="name" value=""/); // nothing typed, nothing echoed
    expect(await savedNames(db, 7)).toEqual(['Paris']);
  });

  test('a malformed id is a 400 page', async ({ authenticatedClient }) => {
    const response = await authenticatedClient.post('/dashboard/cities/abc/delete', asBrowser);
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
  });
});

describe('the forms, signed out or cross-site', () => {
  test.for<[string, string]>([
    ['add', '/dashboard/cities'],
    ['remove', '/dashboard/cities/1/delete'],
  ])('signed out, %s sends the browser to /login', async ([, url], { client, upstream }) => {
    const response = await client.post(url, { form: { name: 'Oslo' }, headers: asBrowser.headers });
    expect(response.statusCode).toBe(302);
    expect(response.headers.location).toBe('/login');
    expect(upstream.sent).toEqual([]);
  });

  test('a form posted from another site is refused and saves nothing', async ({ authenticatedClient, db }) => {
    const response = await authenticatedClient.post('/dashboard/cities', {
      form: { name: 'Oslo' },
      origin: 'https://evil.example',
      headers: asBrowser.headers,
    });
    expect(response.statusCode).toBe(403);
    expect(await savedNames(db)).toEqual([]);
  });
});
