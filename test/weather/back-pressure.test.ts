/**
 * Provider back-pressure as clients meet it (issue 7 §3), under a faked Date:
 * OpenWeatherMap's 429 Retry-After is obeyed, and its circuit breaker opens
 * after 5 consecutive failures for 30 s, then lets one probe decide. What the
 * cache cannot answer meanwhile is 503 with Retry-After, at once, without a call.
 */
import { HttpResponse, http } from 'msw';
import { describe, expect, test } from '../fixtures.ts';
import { eventually, turns } from '../support/eventually.ts';
import { counted } from '../support/metrics.ts';
import { lookups, OWM_URL, openWeatherMap } from '../support/openweathermap.ts';

const UNAVAILABLE = { error: 'weather service unavailable, try again later' };

/** Looks up `count` different cities that the canned data knows (a failure is never cached, so any would do). */
const CITIES = ['Dublin', 'London', 'Paris', 'Berlin', 'Madrid', 'Rome', 'Oslo', 'Reykjavik', 'Tokyo', 'Sydney'];

describe('a 429 from OpenWeatherMap', () => {
  test('with Retry-After in seconds: 503 with it, then no call until it has passed', async ({
    client,
    clock,
    upstream,
    services,
  }) => {
    upstream.use(openWeatherMap.status(429, undefined, { headers: { 'retry-after': '120' }, once: true }));
    const limited = await client.get('/weather?city=Dublin');
    expect(limited.statusCode).toBe(503);
    expect(limited.json()).toEqual(UNAVAILABLE);
    expect(limited.headers['retry-after']).toBe('120');

    clock.advance(100_000);
    const held = await client.get('/weather?city=Paris');
    expect(held.statusCode).toBe(503);
    expect(held.headers['retry-after']).toBe('20');
    clock.advance(19_999);
    expect((await client.get('/weather?city=Paris')).headers['retry-after']).toBe('1');
    expect(upstream.sent).toHaveLength(1);

    clock.advance(1);
    expect((await client.get('/weather?city=Paris')).statusCode).toBe(200);
    expect(upstream.sent).toHaveLength(2);
    const requests = (outcome: string) =>
      counted(services.metrics.upstreamRequests, { upstream: 'openweathermap', outcome });
    expect(await requests('rate_limited')).toBe(1);
    expect(await requests('breaker_open')).toBe(2);
    expect(await requests('ok')).toBe(1);
  });

  test('with Retry-After as an HTTP date: paused until that moment', async ({ client, clock, upstream }) => {
    const at = new Date(clock.start.getTime() + 90_000).toUTCString(); // "Fri, 27 Nov 2026 12:01:30 GMT"
    upstream.use(openWeatherMap.status(429, undefined, { headers: { 'retry-after': at }, once: true }));
    expect((await client.get('/weather?city=Dublin')).headers['retry-after']).toBe('90');
    clock.advance(89_999);
    expect((await client.get('/weather?city=Dublin')).statusCode).toBe(503);
    clock.advance(1);
    expect((await client.get('/weather?city=Dublin')).statusCode).toBe(200);
    expect(upstream.sent).toHaveLength(2);
  });

  test.for<[string, Record<string, string>, string]>([
    ['without Retry-After: 60 s', {}, '60'],
    ['with an unreadable Retry-After: 60 s', { 'retry-after': 'soon' }, '60'],
    ['with an absurd Retry-After: an hour at most', { 'retry-after': '99999999' }, '3600'],
    ['with a Retry-After date in the past: 1 s', { 'retry-after': 'Thu, 01 Jan 2026 00:00:00 GMT' }, '1'],
  ])('%s', async ([, headers, expected], { client, upstream }) => {
    upstream.use(openWeatherMap.status(429, undefined, { headers, once: true }));
    expect((await client.get('/weather?city=Dublin')).headers['retry-after']).toBe(expected);
    const held = await client.get('/weather?city=Dublin');
    expect(held.statusCode).toBe(503);
    expect(upstream.sent).toHaveLength(1);
  });

  test('cached answers are served throughout the pause, fresh or stale', async ({ client, clock, upstream }) => {
    await client.get('/weather?city=Dublin');
    await client.get('/weather?city=Tokyo');
    clock.advance(9 * 60_000); // Dublin and Tokyo still fresh
    upstream.use(openWeatherMap.status(429, undefined, { headers: { 'retry-after': '600' } }));
    expect((await client.get('/weather?city=Paris')).statusCode).toBe(503);
    expect((await client.get('/weather?city=Dublin')).statusCode).toBe(200);
    clock.advance(2 * 60_000); // now stale, and the pause holds
    const stale = await client.get('/weather?city=Tokyo');
    expect(stale.statusCode).toBe(200);
    expect(stale.headers.age).toBe('660');
    expect(upstream.sent).toHaveLength(3); // Dublin, Tokyo, and the Paris that got the 429
  });

  test('the home page and POST /api/cities answer 503 with Retry-After too', async ({
    authenticatedClient,
    upstream,
  }) => {
    upstream.use(openWeatherMap.status(429, undefined, { headers: { 'retry-after': '45' }, once: true }));
    const home = await authenticatedClient.get('/?city=Dublin');
    expect(home.statusCode).toBe(503);
    expect(home.headers['retry-after']).toBe('45');
    const save = await authenticatedClient.post('/api/cities', { json: { name: 'Oslo' } });
    expect(save.statusCode).toBe(503);
    expect(save.json()).toEqual(UNAVAILABLE);
    expect(save.headers['retry-after']).toBe('45');
    // The home page asked for the forecast beside the weather, before the 429 came back; then nothing more.
    expect(lookups(upstream.sent).sort()).toEqual(['forecast Dublin', 'weather Dublin']);
  });
});

describe("OpenWeatherMap's circuit breaker", () => {
  /** Five lookups the provider fails: the breaker's threshold. */
  async function fiveFailures(client: { get(url: string): Promise<{ statusCode: number }> }) {
    for (const city of CITIES.slice(0, 5)) expect((await client.get(`/weather?city=${city}`)).statusCode).toBe(503);
  }

  test('opens after 5 consecutive failures: cold lookups are 503 with Retry-After at once, without a call', async ({
    client,
    clock,
    upstream,
    services,
  }) => {
    upstream.use(openWeatherMap.status(500));
    await fiveFailures(client);
    expect(upstream.sent).toHaveLength(5);

    const refused = await client.get('/weather?city=Tokyo');
    expect(refused.statusCode).toBe(503);
    expect(refused.json()).toEqual(UNAVAILABLE);
    expect(refused.headers['retry-after']).toBe('30');
    clock.advance(12_500);
    expect((await client.get('/weather?city=Tokyo')).headers['retry-after']).toBe('18');
    expect(upstream.sent).toHaveLength(5);
    const requests = (outcome: string) =>
      counted(services.metrics.upstreamRequests, { upstream: 'openweathermap', outcome });
    expect(await requests('error')).toBe(5);
    expect(await requests('breaker_open')).toBe(2);
  });

  test('four failures leave it closed', async ({ client, upstream }) => {
    upstream.use(openWeatherMap.status(500));
    for (const city of CITIES.slice(0, 4)) await client.get(`/weather?city=${city}`);
    await client.get('/weather?city=Tokyo');
    expect(upstream.sent).toHaveLength(5);
  });

  test.for<[string, () => ReturnType<typeof openWeatherMap.status>]>([
    ['network errors', () => openWeatherMap.networkError()],
    ['bodies that are not JSON', () => openWeatherMap.text('<html>')],
    [
      'implausible readings',
      () => openWeatherMap.body({ name: 'X', main: { temp: 1e17 }, weather: [{ description: 'x' }] }),
    ],
    ['a bad API key (401)', () => openWeatherMap.status(401)],
  ])('%s count as failures', async ([, failure], { client, upstream }) => {
    upstream.use(failure());
    await fiveFailures(client);
    expect((await client.get('/weather?city=Tokyo')).headers['retry-after']).toBe('30');
    expect(upstream.sent).toHaveLength(5);
  });

  test('"city not found" is an answer, not a failure: it resets the count', async ({ client, upstream }) => {
    const answers = (city: string) =>
      http.get(OWM_URL, ({ request }) =>
        new URL(request.url).searchParams.get('q') === city ? undefined : HttpResponse.json({}, { status: 500 }),
      );
    upstream.use(answers('Atlantis')); // the canned data says 404 for Atlantis; everything else fails
    for (const city of CITIES.slice(0, 4)) await client.get(`/weather?city=${city}`);
    await client.get('/weather?city=Atlantis');
    for (const city of CITIES.slice(4, 8)) await client.get(`/weather?city=${city}`);
    await client.get('/weather?city=Tokyo'); // the fifth failure in a row only now
    expect(upstream.sent).toHaveLength(10);
    expect((await client.get('/weather?city=Sydney')).headers['retry-after']).toBe('30');
    expect(upstream.sent).toHaveLength(10);
  });

  test('cached answers are served while it is open', async ({ client, upstream }) => {
    await client.get('/weather?city=Tokyo');
    upstream.use(openWeatherMap.status(500));
    await fiveFailures(client);
    const cached = await client.get('/weather?city=Tokyo');
    expect(cached.statusCode).toBe(200);
    expect(cached.json()).toMatchObject({ city: 'Tokyo' });
  });

  test('after 30 s one probe decides: it succeeds, and the breaker closes', async ({ client, clock, upstream }) => {
    upstream.use(openWeatherMap.status(500, undefined, { once: true }));
    for (let i = 0; i < 4; i++) upstream.use(openWeatherMap.status(500, undefined, { once: true }));
    await fiveFailures(client);
    clock.advance(29_999);
    expect((await client.get('/weather?city=Tokyo')).statusCode).toBe(503);
    expect(upstream.sent).toHaveLength(5);

    clock.advance(1);
    expect((await client.get('/weather?city=Tokyo')).statusCode).toBe(200); // the probe
    expect((await client.get('/weather?city=Sydney')).statusCode).toBe(200); // closed again
    expect(upstream.sent).toHaveLength(7);
  });

  test('after 30 s one probe decides: it fails, and the breaker opens for another 30 s', async ({
    client,
    clock,
    upstream,
  }) => {
    upstream.use(openWeatherMap.status(500));
    await fiveFailures(client);
    clock.advance(30_000);
    const probe = await client.get('/weather?city=Tokyo');
    expect(probe.statusCode).toBe(503);
    expect(upstream.sent).toHaveLength(6);
    const refused = await client.get('/weather?city=Sydney');
    expect(refused.headers['retry-after']).toBe('30');
    expect(upstream.sent).toHaveLength(6);
  });

  test('only the probe goes out: lookups arriving during it wait for its verdict', async ({
    client,
    clock,
    upstream,
  }) => {
    upstream.use(openWeatherMap.status(500));
    await fiveFailures(client);
    clock.advance(30_000);
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    upstream.use(
      http.get(OWM_URL, async () => {
        await held;
        return HttpResponse.json({}, { status: 500 });
      }),
    );
    const lookups = Promise.all(['Tokyo', 'Sydney', 'Cairo'].map((city) => client.get(`/weather?city=${city}`)));
    await eventually(() => expect(upstream.sent).toHaveLength(6));
    await turns(); // had the others been let through, they would have been sent by now
    expect(upstream.sent).toHaveLength(6);
    release();
    const answers = await lookups;
    expect(answers.map((answer) => answer.statusCode)).toEqual([503, 503, 503]);
    expect(answers.filter((answer) => answer.headers['retry-after'] === '30')).toHaveLength(2);
    expect(upstream.sent).toHaveLength(6);
  });
});
