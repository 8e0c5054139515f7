/** The dashboard page's saved cities: current weather per city, a month's chart each, and what a failure looks like. */
import { HttpResponse, http } from 'msw';
import { createCityRepository } from '../../src/cities/repository.ts';
import { MAX_CITIES_PER_USER } from '../../src/cities/service.ts';
import { LOOKUP_CONCURRENCY } from '../../src/dashboard/cities.ts';
import { CANNED_CITIES } from '../../src/demo/openweathermap-data.ts';
import { monthOf } from '../../src/snapshots/month.ts';
import { createSnapshotRepository } from '../../src/snapshots/repository.ts';
import { describe, expect, test } from '../fixtures.ts';
import { saveCities } from '../support/cities.ts';
import { MONTH_END } from '../support/clock.ts';
import { lookups, OWM_FORECAST_URL, OWM_URL, openWeatherMap } from '../support/openweathermap.ts';
import { onPostgres } from '../support/postgres.ts';
import { TEST_USER } from '../support/users.ts';

const asBrowser = { headers: { accept: 'text/html,application/xhtml+xml' } };

/** The markup of one city's card. */
function card(body: string, cityId: number): string {
  const start = body.indexOf(`<li class="card city" id="city-${cityId}">`);
  expect(start, `no card for city ${cityId}`).toBeGreaterThanOrEqual(0);
  // A card holds lists of its own (the chart's legend): it ends where the next card or the list does.
  const next = body.indexOf('<li class="card city"', start + 1);
  return body.slice(start, next > 0 ? next : body.indexOf('</section>', start));
}

/** OpenWeatherMap failing for one city only; the default handlers answer the rest. */
function failingFor(city: string, status: number) {
  return http.get(OWM_URL, ({ request }) =>
    new URL(request.url).searchParams.get('q') === city ? HttpResponse.json({}, { status }) : undefined,
  );
}

describe('GET /dashboard, saved cities', () => {
  test('each saved city with its current weather, a remove button, and a chart', async ({ savedCities, upstream }) => {
    const [dublin, tokyo] = savedCities.cities;
    const response = await savedCities.client.get('/dashboard', asBrowser);
    expect(response.statusCode).toBe(200);
    const body = response.body;
    expect(body).toContain(`2 of ${MAX_CITIES_PER_USER} saved`);
    expect(body.indexOf('<h3>Dublin, IE</h3>')).toBeLessThan(body.indexOf('<h3>Tokyo, JP</h3>'));
    const dublinCard = card(body, dublin!.id);
    expect(dublinCard).toContain('<p class="temp">11.5 °C</p>');
    expect(dublinCard).toContain('<p class="description">broken clouds</p>');
    expect(dublinCard).toContain(
      `<form method="post" action="/dashboard/cities/${dublin!.id}/delete" class="inline">\n      <button type="submit" class="secondary" aria-label="Remove Dublin">Remove</button>`,
    );
    expect(dublinCard).toContain(`<figure class="chart empty" id="chart-${dublin!.id}">`);
    expect(dublinCard).toContain(`<figcaption id="chart-${dublin!.id}-title">Dublin, `);
    expect(card(body, tokyo!.id)).toContain('aria-label="Remove Tokyo"');
    expect(lookups(upstream.sent).sort()).toEqual([
      'forecast Dublin',
      'forecast Tokyo',
      'weather Dublin',
      'weather Tokyo',
    ]);
  });

  test('each card shows its city’s five-day forecast; a forecast that fails costs only its row', async ({
    savedCities,
    upstream,
  }) => {
    const [dublin, tokyo] = savedCities.cities;
    upstream.use(
      http.get(OWM_FORECAST_URL, ({ request }) =>
        new URL(request.url).searchParams.get('q') === 'Tokyo' ? HttpResponse.json({}, { status: 500 }) : undefined,
      ),
    );
    const body = (await savedCities.client.get('/dashboard', asBrowser)).body;
    // The canned forecast starts at 15:00 UTC on Friday 27 November: Dublin's first day is that day.
    expect(card(body, dublin!.id)).toContain('<ol class="forecast" aria-label="5-day forecast for Dublin">');
    expect(card(body, dublin!.id)).toContain(
      '<time datetime="2026-12-01" title="Tuesday, 1 December 2026 (local date)">',
    );
    // The city's own today (its weather was observed on the 27th) is "Today".
    expect(card(body, dublin!.id)).toContain(
      '<time datetime="2026-11-27" title="Friday, 27 November 2026 (local date)">Today</time>',
    );
    expect(card(body, tokyo!.id)).not.toContain('class="forecast"');
    expect(card(body, tokyo!.id)).toContain('<p class="temp">15.1 °C</p>');
  });

  test('a second view within the TTL asks the provider nothing; after it, each city’s weather and forecast once', async ({
    authenticatedClient,
    clock,
    db,
    upstream,
  }) => {
    const names = CANNED_CITIES.map((city) => city.name).slice(0, MAX_CITIES_PER_USER);
    await saveCities(db, TEST_USER.id, names);
    expect((await authenticatedClient.get('/dashboard', asBrowser)).statusCode).toBe(200);
    expect(upstream.sent).toHaveLength(2 * names.length); // current weather and forecast

    clock.advance(10 * 60_000 - 1);
    const second = await authenticatedClient.get('/dashboard', asBrowser);
    expect(second.body).toContain('<p class="temp">11.5 °C</p>'); // Dublin, from the cache
    expect(second.body).toContain('<ol class="forecast" aria-label="5-day forecast for Dublin">');
    expect(upstream.sent).toHaveLength(2 * names.length);

    clock.advance(1);
    await authenticatedClient.get('/dashboard', asBrowser);
    expect(upstream.sent).toHaveLength(4 * names.length);
  });

  test('each card shows the conditions’ icon and when they were observed, in the city’s own time', async ({
    savedCities,
  }) => {
    const [dublin, tokyo] = savedCities.cities;
    const body = (await savedCities.client.get('/dashboard', asBrowser)).body;
    expect(card(body, dublin!.id)).toContain('src="/static/icons/04d.svg" alt="broken clouds"');
    expect(card(body, tokyo!.id)).toContain('title="2026-11-27 12:00 UTC">Fri 27 Nov, 21:00 local time</time>');
  });

  test('the add form has a label for its input', async ({ authenticatedClient }) => {
    const body = (await authenticatedClient.get('/dashboard', asBrowser)).body;
    expect(body).toContain('<form method="post" action="/dashboard/cities" class="card add-city">');
    expect(body).toContain('<label for="new-city">Add a city</label>');
    expect(body).toMatch(/<input type="text" id="new-city" name="name" value="" maxlength="100" required/);
  });

  test('no cities yet: says so, with no chart', async ({ authenticatedClient, upstream }) => {
    const body = (await authenticatedClient.get('/dashboard', asBrowser)).body;
    expect(body).toContain('No saved cities yet.');
    expect(body).toContain(`0 of ${MAX_CITIES_PER_USER} saved`);
    expect(body).not.toContain('<figure');
    expect(upstream.sent).toEqual([]);
  });

  // At a fixed time (the clock fixture's 27th): on the 1st of a month, the 2nd would still be in the future.
  test("the chart draws this month's history; a city without any shows the empty chart", async ({
    clock: _clock,
    savedCities,
    db,
    clock,
  }) => {
    const [dublin, tokyo] = savedCities.cities;
    clock.set(MONTH_END);
    const month = monthOf(new Date());
    await createSnapshotRepository(db).insertSamples([
      {
        city_key: dublin!.city_key,
        recorded_at: `${month}-01T06:00:00.000Z`,
        temp_c: 4,
        humidity: 80,
        description: 'x',
      },
      {
        city_key: dublin!.city_key,
        recorded_at: `${month}-01T15:00:00.000Z`,
        temp_c: 10,
        humidity: 80,
        description: 'x',
      },
      {
        city_key: dublin!.city_key,
        recorded_at: `${month}-02T12:00:00.000Z`,
        temp_c: 8,
        humidity: 80,
        description: 'x',
      },
    ]);
    const body = (await savedCities.client.get('/dashboard', asBrowser)).body;
    const dublinCard = card(body, dublin!.id);
    expect(dublinCard).toContain(
      `<div class="chart-graphic" role="img" aria-labelledby="chart-${dublin!.id}-title chart-${dublin!.id}-desc">`,
    );
    expect(dublinCard).toMatch(/<path class="line-max" d="M20 [\d.]+ L[\d.]+ [\d.]+"\/>/);
    expect(dublinCard).toContain(`on 2 days of`);
    expect(dublinCard).toContain(`(3 readings)`);
    expect(dublinCard).toContain(`lowest 4 °C on ${month}-01, highest 10 °C on ${month}-01.`);
    expect(card(body, tokyo!.id)).toContain('<figure class="chart empty"');
  });

  test('absurd stored temperatures (1e17 once ran the chart out of memory) give a small page', async ({
    savedCities,
    db,
    clock,
  }) => {
    const [dublin, tokyo] = savedCities.cities;
    clock.set(MONTH_END);
    const month = monthOf(new Date());
    const absurd = [1e17, -1e17, 1e7, -1e7, Number.MAX_VALUE, -Number.MAX_VALUE, Number.POSITIVE_INFINITY];
    await createSnapshotRepository(db).insertSamples(
      [dublin!, tokyo!].flatMap((city) =>
        absurd.map((temp_c, i) => ({
          city_key: city.city_key,
          recorded_at: `${month}-${String(i + 1).padStart(2, '0')}T12:00:00.000Z`, // a day each
          temp_c,
          humidity: null,
          description: null,
        })),
      ),
    );
    const response = await savedCities.client.get('/dashboard', asBrowser);
    expect(response.statusCode).toBe(200);
    expect(response.body.length).toBeLessThan(30_000);
    const dublinCard = card(response.body, dublin!.id);
    expect(dublinCard).toContain('role="img"');
    // The infinite day is left out; on Postgres so are the ±MAX_VALUE days, whose averages come back as
    // numeric strings that parse to ±Infinity.
    expect(dublinCard).toContain(onPostgres ? 'on 4 days of' : 'on 6 days of');
    expect(dublinCard).toContain('1000 °C</text>'); // the axis stops at the display limit
  });

  test("one city's weather failing shows it as unavailable; the rest and the page are fine", async ({
    savedCities,
    upstream,
  }) => {
    const [dublin, tokyo] = savedCities.cities;
    upstream.use(failingFor('Tokyo', 500));
    const response = await savedCities.client.get('/dashboard', asBrowser);
    expect(response.statusCode).toBe(200);
    expect(card(response.body, dublin!.id)).toContain('<p class="temp">11.5 °C</p>');
    const tokyoCard = card(response.body, tokyo!.id);
    expect(tokyoCard).toContain('Current weather unavailable right now.');
    expect(tokyoCard).not.toContain('class="temp"');
    expect(tokyoCard).toContain('<figure class="chart');
  });

  test.for<[string, () => ReturnType<typeof openWeatherMap.status>]>([
    ['answers 503', () => openWeatherMap.status(503)],
    ['is unreachable', () => openWeatherMap.networkError()],
  ])(
    'the provider down (%s): every city unavailable, still a 200 page',
    async ([, handler], { savedCities, upstream }) => {
      upstream.use(handler());
      const response = await savedCities.client.get('/dashboard', asBrowser);
      expect(response.statusCode).toBe(200);
      expect(response.body.match(/Current weather unavailable right now/g)).toHaveLength(2);
    },
  );

  test('with the provider down, cities beyond the first round are not asked (bounded wait)', async ({
    authenticatedClient,
    db,
    upstream,
  }) => {
    const names = ['Dublin', 'London', 'Paris', 'Berlin', 'Madrid', 'Rome', 'Oslo'];
    await saveCities(db, TEST_USER.id, names);
    upstream.use(openWeatherMap.status(500));
    const response = await authenticatedClient.get('/dashboard', asBrowser);
    expect(response.statusCode).toBe(200);
    expect(response.body.match(/Current weather unavailable right now/g)).toHaveLength(names.length);
    // The first round asks each of its cities' current weather and forecast; the rest are not asked.
    expect(lookups(upstream.sent).filter((lookup) => lookup.startsWith('weather'))).toHaveLength(LOOKUP_CONCURRENCY);
    expect(lookups(upstream.sent).filter((lookup) => lookup.startsWith('forecast'))).toHaveLength(LOOKUP_CONCURRENCY);
  });

  test('a city the provider no longer knows does not stop the others being asked', async ({
    authenticatedClient,
    db,
    upstream,
  }) => {
    const names = ['Dublin', 'London', 'Paris', 'Berlin', 'Madrid', 'Rome'];
    await saveCities(db, TEST_USER.id, names);
    upstream.use(openWeatherMap.status(404, { cod: '404', message: 'city not found' }));
    await authenticatedClient.get('/dashboard', asBrowser);
    expect(lookups(upstream.sent).filter((lookup) => lookup.startsWith('weather'))).toHaveLength(names.length);
  });

  test('asks at most LOOKUP_CONCURRENCY lookups at once', async ({ authenticatedClient, db, upstream }) => {
    await saveCities(db, TEST_USER.id, ['Dublin', 'London', 'Paris', 'Berlin', 'Madrid', 'Rome', 'Oslo', 'Tokyo']);
    let inFlight = 0;
    let most = 0;
    upstream.use(
      http.get(OWM_URL, async () => {
        inFlight++;
        most = Math.max(most, inFlight);
        await new Promise((resolve) => setImmediate(resolve)); // let the other lookups start, if they may
        inFlight--;
        return undefined; // fall through to the default answer
      }),
    );
    const response = await authenticatedClient.get('/dashboard', asBrowser);
    expect(response.body.match(/class="temp"/g)).toHaveLength(8);
    expect(most).toBe(LOOKUP_CONCURRENCY);
  });

  test('what is saved and what upstream says stay text', async ({ authenticatedClient, db, upstream }) => {
    const evil = '<script>alert(1)</script>';
    const saved = await createCityRepository(db).add(TEST_USER.id, { name: evil, country: null, query: 'Dublin' }, 20);
    upstream.use(openWeatherMap.body({ name: 'x', main: { temp: 1 }, weather: [{ description: '<img src=x>' }] }));
    const body = (await authenticatedClient.get('/dashboard', asBrowser)).body;
    expect(saved.ok).toBe(true);
    expect(body).not.toContain('<script>alert');
    expect(body).not.toContain('<img src=x>');
    expect(body).toContain('<h3>&lt;script&gt;alert(1)&lt;/script&gt;</h3>');
    expect(body).toContain('aria-label="Remove &lt;script&gt;alert(1)&lt;/script&gt;"');
  });

  test('API clients still get the JSON, and no weather is looked up for it', async ({ savedCities, upstream }) => {
    const response = await savedCities.client.get('/dashboard');
    expect(response.json()).toEqual({
      user_id: TEST_USER.id,
      username: TEST_USER.login,
      message: 'welcome to your dashboard',
    });
    expect(upstream.sent).toEqual([]);
  });
});
