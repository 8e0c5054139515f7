import { http } from 'msw';
import { createCityRepository } from '../../src/cities/repository.ts';
import { MAX_CITIES_PER_USER } from '../../src/cities/service.ts';
import type { Database } from '../../src/db/database.ts';
import { CANNED_CITIES, findCannedCity } from '../../src/demo/openweathermap-data.ts';
import { createSnapshotRepository, type Sample } from '../../src/snapshots/repository.ts';
import { describe, expect, test } from '../fixtures.ts';
import { saveCities } from '../support/cities.ts';
import type { TestClient } from '../support/client.ts';
import { MONTH_END } from '../support/clock.ts';
import { eventually } from '../support/eventually.ts';
import { counted } from '../support/metrics.ts';
import { OWM_URL, openWeatherMap } from '../support/openweathermap.ts';
import { TEST_USER } from '../support/users.ts';

const ISO = expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);

describe('every /api/cities route is 401 JSON when signed out, before anything else', () => {
  test.for<[string, 'GET' | 'POST' | 'DELETE', string]>([
    ['list', 'GET', '/api/cities'],
    ['add', 'POST', '/api/cities'],
    ['remove', 'DELETE', '/api/cities/1'],
    ['history', 'GET', '/api/cities/1/history?month=2026-11'],
    ['a malformed id', 'DELETE', '/api/cities/abc'],
    ['a malformed month', 'GET', '/api/cities/1/history?month=abc'],
  ])('%s', async ([, method, url], { client, upstream }) => {
    const response = await client.request(method, url, { json: method === 'POST' ? { name: 'Dublin' } : undefined });
    expect(response.statusCode).toBe(401);
    expect(response.json()).toEqual({ error: 'sign in required' });
    expect(upstream.sent).toEqual([]);
  });
});

describe('GET /api/cities', () => {
  test('a user with no cities gets an empty list', async ({ authenticatedClient }) => {
    const response = await authenticatedClient.get('/api/cities');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual([]);
  });

  test("lists the user's cities in the order added, and only theirs", async ({ savedCities, db, loggedInAs }) => {
    await loggedInAs(7);
    await saveCities(db, 7, ['Paris']);
    const response = await savedCities.client.get('/api/cities');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual([
      { id: savedCities.cities[0]!.id, name: 'Dublin', country: 'IE', created_at: ISO },
      { id: savedCities.cities[1]!.id, name: 'Tokyo', country: 'JP', created_at: ISO },
    ]);
  });
});

describe('POST /api/cities', () => {
  test('saves the city under the name the provider gives it → 201', async ({ authenticatedClient, upstream }) => {
    const response = await authenticatedClient.post('/api/cities', { json: { name: '  sao paulo ' } });
    expect(response.statusCode).toBe(201);
    const city = response.json();
    expect(city).toEqual({ id: expect.any(Number), name: 'São Paulo', country: 'BR', created_at: ISO });
    expect(upstream.sent).toHaveLength(1);
    expect(new URL(upstream.sent[0]!.url).searchParams.get('q')).toBe('sao paulo');
    expect((await authenticatedClient.get('/api/cities')).json()).toEqual([city]);
  });

  test.for<[string, unknown]>([
    ['no name', {}],
    ['an empty name', { name: '' }],
    ['only spaces', { name: '   ' }],
    ['101 characters', { name: 'x'.repeat(101) }],
    ['a control character', { name: 'Dub\u0000lin' }],
    ['a body that is not an object', ['Dublin']],
    // JSON has types: no coercion of a number or a one-item list into a name.
    ['a number for a name', { name: 5 }],
    ['a list for a name', { name: ['Dublin'] }],
    ['null for a name', { name: null }],
  ])('%s → 400 JSON, nothing saved, nothing sent upstream', async ([, body], { authenticatedClient, upstream }) => {
    const response = await authenticatedClient.post('/api/cities', { json: body });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({ error: expect.any(String) });
    expect(upstream.sent).toEqual([]);
    expect((await authenticatedClient.get('/api/cities')).json()).toEqual([]);
  });

  test.for<[string, string | undefined, RegExp]>([
    ['malformed JSON', '{"name": "Dub', /JSON/],
    ['an empty body said to be JSON', undefined, /empty/],
  ])('%s → 400 JSON, nothing saved', async ([, body, message], { authenticatedClient, upstream }) => {
    const response = await authenticatedClient.post('/api/cities', {
      body,
      headers: { 'content-type': 'application/json' },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({ error: expect.stringMatching(message) });
    expect(upstream.sent).toEqual([]);
    expect((await authenticatedClient.get('/api/cities')).json()).toEqual([]);
  });

  test('a city the provider does not know → 422, nothing saved', async ({ authenticatedClient }) => {
    const response = await authenticatedClient.post('/api/cities', { json: { name: 'Atlantis' } });
    expect(response.statusCode).toBe(422);
    expect(response.json()).toEqual({ error: 'the weather service does not know this city' });
    expect((await authenticatedClient.get('/api/cities')).json()).toEqual([]);
  });

  test.for<[string, () => ReturnType<typeof openWeatherMap.status>]>([
    ['upstream 500', () => openWeatherMap.status(500)],
    ['upstream 401 (bad key)', () => openWeatherMap.status(401)],
    ['upstream 429', () => openWeatherMap.status(429)],
    ['a network error', () => openWeatherMap.networkError()],
    ['a body that is not JSON', () => openWeatherMap.text('oops')],
  ])('provider unavailable (%s) → 503, nothing saved', async ([, handler], { authenticatedClient, upstream }) => {
    upstream.use(handler());
    const response = await authenticatedClient.post('/api/cities', { json: { name: 'Dublin' } });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toEqual({ error: 'weather service unavailable, try again later' });
    expect((await authenticatedClient.get('/api/cities')).json()).toEqual([]);
  });

  test.for(['Dublin', 'dublin', ' DUBLIN '])(
    'the same city again ("%s") → 409 without asking upstream',
    async (name, { savedCities, upstream }) => {
      const response = await savedCities.client.post('/api/cities', { json: { name } });
      expect(response.statusCode).toBe(409);
      expect(response.json()).toEqual({ error: 'this city is already saved' });
      expect(upstream.sent).toEqual([]);
      expect((await savedCities.client.get('/api/cities')).json()).toHaveLength(2);
    },
  );

  test('what the user typed before, in another case, is known without asking upstream → 409', async ({
    authenticatedClient,
    upstream,
  }) => {
    expect((await authenticatedClient.post('/api/cities', { json: { name: 'sao paulo' } })).statusCode).toBe(201);
    const again = await authenticatedClient.post('/api/cities', { json: { name: 'SAO PAULO' } });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toEqual({ error: 'this city is already saved' });
    expect(upstream.sent).toHaveLength(1);
  });

  test('another spelling the provider resolves to a saved city → 409', async ({ savedCities, upstream }) => {
    const response = await savedCities.client.post('/api/cities', { json: { name: 'Dúblin' } });
    expect(response.statusCode).toBe(409);
    expect(response.json()).toEqual({ error: 'this city is already saved' });
    expect(upstream.sent).toHaveLength(1); // only the provider could tell
    expect((await savedCities.client.get('/api/cities')).json()).toHaveLength(2);
  });

  test.for<[string, string]>([
    ['its name as the provider spells it', 'Dublin'],
    ['what was typed to save it, in another case', 'DÚBLIN'],
  ])(
    'a city saved as "Dúblin" (the provider calls it Dublin), typed again as %s → 409 without asking upstream',
    async ([, typed], { authenticatedClient, upstream }) => {
      const saved = await authenticatedClient.post('/api/cities', { json: { name: 'Dúblin' } });
      expect(saved.json()).toMatchObject({ name: 'Dublin' });
      expect(upstream.sent).toHaveLength(1);
      const response = await authenticatedClient.post('/api/cities', { json: { name: typed } });
      expect(response.statusCode).toBe(409);
      expect(response.json()).toEqual({ error: 'this city is already saved' });
      expect(upstream.sent).toHaveLength(1);
    },
  );

  test('what was typed to save a city ("Dúblin"), in another case and nothing cached → 409 without asking upstream', async ({
    authenticatedClient,
    db,
    upstream,
  }) => {
    const city = { name: 'Dublin', country: 'IE', query: 'Dúblin' };
    await createCityRepository(db).add(TEST_USER.id, city, MAX_CITIES_PER_USER);
    const response = await authenticatedClient.post('/api/cities', { json: { name: 'DÚBLIN' } });
    expect(response.statusCode).toBe(409);
    expect(response.json()).toEqual({ error: 'this city is already saved' });
    expect(upstream.sent).toEqual([]);
  });

  test('another user having the city does not stop this one saving it', async ({ savedCities, loggedInAs }) => {
    const other = await loggedInAs(7);
    const response = await other.post('/api/cities', { json: { name: 'Dublin' } });
    expect(response.statusCode).toBe(201);
    expect(response.json().id).not.toBe(savedCities.cities[0]!.id);
  });

  test('the 20th city is saved; a 21st → 409 without asking upstream', async ({
    authenticatedClient,
    db,
    upstream,
  }) => {
    const canned = CANNED_CITIES.map((city) => city.name).filter((name) => name !== 'Cairo');
    await saveCities(db, TEST_USER.id, canned);
    const others = ['Lima', 'Quito', 'Accra', 'Hanoi']; // not canned: put straight into the database
    const repository = createCityRepository(db);
    for (const name of others)
      await repository.add(TEST_USER.id, { name, country: null, query: name }, MAX_CITIES_PER_USER);
    expect(canned.length + others.length).toBe(19);
    expect((await authenticatedClient.post('/api/cities', { json: { name: 'Cairo' } })).statusCode).toBe(201);
    expect(upstream.sent).toHaveLength(1);

    const response = await authenticatedClient.post('/api/cities', { json: { name: 'Lagos' } });
    expect(response.statusCode).toBe(409);
    expect(response.json()).toEqual({ error: 'you can save at most 20 cities' });
    expect(upstream.sent).toHaveLength(1);
    expect((await authenticatedClient.get('/api/cities')).json()).toHaveLength(20);
  });
});

describe('the lookup made when adding a city is its first sample', () => {
  async function samples(db: Database) {
    return db.selectFrom('weather_samples').selectAll().orderBy('recorded_at').execute();
  }

  test('stored at once: the city has history before any snapshot run', async ({ authenticatedClient, clock, db }) => {
    clock.set(MONTH_END); // the history asked for next is the month the sample was stored in
    const response = await authenticatedClient.post('/api/cities', { json: { name: 'sao paulo' } });
    expect(response.statusCode).toBe(201);
    const city = response.json();
    const canned = findCannedCity('São Paulo')!;
    expect(await samples(db)).toEqual([
      {
        city_key: 'são paulo|BR',
        recorded_at: city.created_at,
        temp_c: canned.temp,
        humidity: canned.humidity,
        description: canned.condition.description,
      },
    ]);
    const history = (await authenticatedClient.get(`/api/cities/${city.id}/history`)).json();
    expect(history.days).toEqual([
      { date: city.created_at.slice(0, 10), min_c: canned.temp, max_c: canned.temp, avg_c: canned.temp, samples: 1 },
    ]);
  });

  test('a city another user has already saved: one more sample in the history they share', async ({
    savedCities,
    loggedInAs,
    db,
  }) => {
    await createSnapshotRepository(db).insertSamples([
      {
        city_key: savedCities.cities[0]!.city_key,
        recorded_at: '2026-11-01T00:00:00.000Z',
        temp_c: 3,
        humidity: null,
        description: null,
      },
    ]);
    const other = await loggedInAs(7);
    expect((await other.post('/api/cities', { json: { name: 'Dublin' } })).statusCode).toBe(201);
    expect((await samples(db)).map((sample) => [sample.city_key, sample.temp_c])).toEqual([
      ['dublin|IE', 3],
      ['dublin|IE', 11.5],
    ]);
  });

  test.for<[string, string, number]>([
    ['unknown to the provider', 'Atlantis', 422],
    ['another spelling of a saved city', 'Dúblin', 409],
    ['already saved', 'dublin', 409],
  ])('not added (%s): no sample', async ([, name, status], { savedCities, db }) => {
    expect((await savedCities.client.post('/api/cities', { json: { name } })).statusCode).toBe(status);
    expect(await samples(db)).toEqual([]);
  });

  test('the provider down: no city, no sample', async ({ authenticatedClient, upstream, db }) => {
    upstream.use(openWeatherMap.status(503));
    expect((await authenticatedClient.post('/api/cities', { json: { name: 'Dublin' } })).statusCode).toBe(503);
    expect(await samples(db)).toEqual([]);
  });
});

describe('two adds at once', () => {
  /** Holds every OpenWeatherMap request until `count` have arrived (or release()), then lets them through to the canned data. */
  function barrier(count: number) {
    let arrived = 0;
    let release = () => {};
    const all = new Promise<void>((resolve) => {
      release = resolve;
    });
    const handler = http.get(OWM_URL, async () => {
      if (++arrived === count) release();
      await all;
    });
    return { handler, release };
  }

  test('cannot both take the 20th place', async ({ authenticatedClient, db, upstream }) => {
    const canned = CANNED_CITIES.map((city) => city.name).filter((name) => name !== 'Cairo' && name !== 'Mumbai');
    await saveCities(db, TEST_USER.id, canned);
    const repository = createCityRepository(db);
    for (const name of ['Lima', 'Quito', 'Accra', 'Hanoi', 'Lagos']) {
      await repository.add(TEST_USER.id, { name, country: null, query: name }, MAX_CITIES_PER_USER);
    }
    upstream.use(barrier(2).handler); // both have passed the count check before either saves
    const answers = await Promise.all([
      authenticatedClient.post('/api/cities', { json: { name: 'Cairo' } }),
      authenticatedClient.post('/api/cities', { json: { name: 'Mumbai' } }),
    ]);
    expect(answers.map((answer) => answer.statusCode).sort()).toEqual([201, 409]);
    expect(answers.find((answer) => answer.statusCode === 409)?.json()).toEqual({
      error: 'you can save at most 20 cities',
    });
    expect((await authenticatedClient.get('/api/cities')).json()).toHaveLength(20);
  });

  test('cannot both save the same city (and both checks share one provider call)', async ({
    authenticatedClient,
    services,
    upstream,
  }) => {
    const gate = barrier(Number.POSITIVE_INFINITY); // held until released below
    upstream.use(gate.handler);
    const pending = Promise.all([
      authenticatedClient.post('/api/cities', { json: { name: 'Dublin' } }),
      authenticatedClient.post('/api/cities', { json: { name: 'dublin' } }),
    ]);
    // Both have passed the saved-cities check and asked for the weather before either can save.
    await eventually(async () => expect(await counted(services.metrics.weatherCacheMisses)).toBe(2));
    gate.release();
    const answers = await pending;
    expect(answers.map((answer) => answer.statusCode).sort()).toEqual([201, 409]);
    expect(answers.find((answer) => answer.statusCode === 409)?.json()).toEqual({
      error: 'this city is already saved',
    });
    expect((await authenticatedClient.get('/api/cities')).json()).toHaveLength(1);
    expect(upstream.sent).toHaveLength(1);
  });
});

describe('DELETE /api/cities/:id', () => {
  test('removes the city → 204 with no body', async ({ savedCities }) => {
    const [dublin, tokyo] = savedCities.cities;
    const response = await savedCities.client.delete(`/api/cities/${dublin!.id}`);
    expect(response.statusCode).toBe(204);
    expect(response.body).toBe('');
    expect((await savedCities.client.get('/api/cities')).json()).toEqual([expect.objectContaining({ id: tokyo!.id })]);
  });

  test("another user's city → 404, and it stays", async ({ savedCities, loggedInAs }) => {
    const other = await loggedInAs(7);
    const response = await other.delete(`/api/cities/${savedCities.cities[0]!.id}`);
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({ error: 'city not found' });
    expect((await savedCities.client.get('/api/cities')).json()).toHaveLength(2);
  });

  test.for([
    ['a missing id', '/api/cities/999999', 404],
    ['an id far past any saved city', '/api/cities/999999999999', 404],
    ['an id that is not a number', '/api/cities/abc', 400],
    ['id zero', '/api/cities/0', 400],
    ['a negative id', '/api/cities/-1', 400],
    ['a fractional id', '/api/cities/1.5', 400],
    ['an id beyond safe integers', '/api/cities/99999999999999999999', 400],
  ] as const)('%s (%s) → %i JSON', async ([, url, status], { savedCities }) => {
    const response = await savedCities.client.delete(url);
    expect(response.statusCode).toBe(status);
    expect(response.json()).toEqual({ error: expect.any(String) });
    expect((await savedCities.client.get('/api/cities')).json()).toHaveLength(2);
  });
});

describe('GET /api/cities/:id/history', () => {
  function hourly(cityKey: string, day: string, temps: number[]): Sample[] {
    return temps.map((temp_c, hour) => ({
      city_key: cityKey,
      recorded_at: `${day}T${String(hour).padStart(2, '0')}:00:00.000Z`,
      temp_c,
      humidity: 80,
      description: 'broken clouds',
    }));
  }

  test('the month day by day, only days with samples, only that month', async ({ savedCities, db }) => {
    const dublin = savedCities.cities[0]!;
    await createSnapshotRepository(db).insertSamples([
      ...hourly(dublin.city_key, '2026-10-31', [1, 2]), // the month before
      ...hourly(dublin.city_key, '2026-11-01', [4, 6, 11]),
      ...hourly(dublin.city_key, '2026-11-03', [-2.5]),
      ...hourly(dublin.city_key, '2026-12-01', [30]), // the month after
      ...hourly(savedCities.cities[1]!.city_key, '2026-11-02', [15]), // another city
    ]);
    const response = await savedCities.client.get(`/api/cities/${dublin.id}/history?month=2026-11`);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      city: { id: dublin.id, name: 'Dublin', country: 'IE', created_at: dublin.created_at },
      month: '2026-11',
      days: [
        { date: '2026-11-01', min_c: 4, max_c: 11, avg_c: 7, samples: 3 },
        { date: '2026-11-03', min_c: -2.5, max_c: -2.5, avg_c: -2.5, samples: 1 },
      ],
    });
  });

  test('samples belong to the city: another user who saves it, or this one adding it back, sees them', async ({
    savedCities,
    db,
    loggedInAs,
  }) => {
    const dublin = savedCities.cities[0]!;
    // A past month: adding the city records its first sample in the current one.
    await createSnapshotRepository(db).insertSamples(hourly(dublin.city_key, '2025-11-05', [3, 5]));
    const days = [{ date: '2025-11-05', min_c: 3, max_c: 5, avg_c: 4, samples: 2 }];
    const historyOf = async (client: TestClient, id: number) =>
      (await client.get(`/api/cities/${id}/history?month=2025-11`)).json().days;

    expect((await savedCities.client.delete(`/api/cities/${dublin.id}`)).statusCode).toBe(204);
    const again = await savedCities.client.post('/api/cities', { json: { name: 'dublin' } });
    expect(again.statusCode).toBe(201);
    expect(again.json().id).not.toBe(dublin.id);
    expect(await historyOf(savedCities.client, again.json().id)).toEqual(days);

    const other = await loggedInAs(7);
    const theirs = await other.post('/api/cities', { json: { name: 'Dublin' } });
    expect(await historyOf(other, theirs.json().id)).toEqual(days);
  });

  test('a month without samples has no days', async ({ savedCities }) => {
    const response = await savedCities.client.get(`/api/cities/${savedCities.cities[0]!.id}/history?month=2020-02`);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ month: '2020-02', days: [] });
  });

  test('without a month, the current UTC month', async ({ savedCities, clock }) => {
    clock.set(MONTH_END);
    const response = await savedCities.client.get(`/api/cities/${savedCities.cities[0]!.id}/history`);
    expect(response.statusCode).toBe(200);
    expect(response.json().month).toBe('2026-11');
  });

  test('a closed month comes from its summary once the samples are gone', async ({ savedCities, db }) => {
    const dublin = savedCities.cities[0]!;
    const days = [{ date: '2025-01-05', min_c: -1, max_c: 3, avg_c: 1.25, samples: 24 }];
    await createSnapshotRepository(db).saveSummary({
      city_key: dublin.city_key,
      month: '2025-01',
      min_c: -1,
      max_c: 3,
      avg_c: 1.25,
      samples: 24,
      days,
    });
    const response = await savedCities.client.get(`/api/cities/${dublin.id}/history?month=2025-01`);
    expect(response.json()).toMatchObject({ month: '2025-01', days });
  });

  test.for(['2026-13', '2026-00', '2026-1', '26-11', 'abc', '2026-11-01', '2026/11', '', '%202026-11'])(
    'a malformed month "%s" → 400 JSON',
    async (month, { savedCities }) => {
      const response = await savedCities.client.get(`/api/cities/${savedCities.cities[0]!.id}/history?month=${month}`);
      expect(response.statusCode).toBe(400);
      expect(response.json()).toEqual({ error: 'month must be YYYY-MM, e.g. 2026-11' });
    },
  );

  test("another user's city → 404, and none of its history shows", async ({ savedCities, loggedInAs }) => {
    const other = await loggedInAs(7);
    const response = await other.get(`/api/cities/${savedCities.cities[0]!.id}/history?month=2026-11`);
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({ error: 'city not found' });
  });

  test('a city that does not exist → 404', async ({ authenticatedClient }) => {
    expect((await authenticatedClient.get('/api/cities/424242/history?month=2026-11')).statusCode).toBe(404);
  });
});

describe('the CSRF rule of sign-in applies to /api/cities', () => {
  test.for<[string, string | null]>([
    ['another site', 'https://evil.example'],
    ['a sibling subdomain', 'http://evil.localhost:3000'],
    ['no Origin or Referer at all', null],
  ])('a state-changing request from %s is 403 and changes nothing', async ([, origin], { savedCities, upstream }) => {
    const { client, cities } = savedCities;
    const add = await client.post('/api/cities', { json: { name: 'Paris' }, origin });
    const remove = await client.delete(`/api/cities/${cities[0]!.id}`, { origin });
    expect([add.statusCode, remove.statusCode]).toEqual([403, 403]);
    expect(add.json()).toEqual({ error: 'cross-site request refused' });
    expect(upstream.sent).toEqual([]);
    expect((await client.get('/api/cities')).json().map((city: { name: string }) => city.name)).toEqual([
      'Dublin',
      'Tokyo',
    ]);
  });

  test('the same requests from Skydeck itself go through', async ({ savedCities }) => {
    const { client, cities } = savedCities;
    expect((await client.post('/api/cities', { json: { name: 'Paris' } })).statusCode).toBe(201);
    expect((await client.delete(`/api/cities/${cities[0]!.id}`)).statusCode).toBe(204);
  });
});
