import { CANNED_CITIES, INVALID_KEY_BODY } from '../../src/demo/openweathermap-data.ts';
import { describe, expect, test } from '../fixtures.ts';
import { testConfig } from '../support/config.ts';
import { lookups, openWeatherMap, openWeatherMapForecast } from '../support/openweathermap.ts';
import { TEST_USER } from '../support/users.ts';

const HTML = 'text/html; charset=utf-8';

describe('GET / (home page)', () => {
  test('offers a labelled city search that works without JavaScript', async ({ client, upstream }) => {
    const response = await client.get('/');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe(HTML);
    expect(response.body).toContain('<form method="get" action="/" role="search"');
    expect(response.body).toContain('<label for="city">City</label>');
    expect(response.body).toMatch(/<input type="search" id="city" name="city" value=""/);
    expect(response.body).toContain('<button type="submit">Show weather</button>');
    expect(response.body).not.toContain('role="alert"');
    expect(response.body).toContain('<a href="/login">Sign in</a> to save cities');
    // Nothing searched, no result section: the units toggle is followed by the sign-in line alone.
    expect(response.body).toMatch(/<\/form>\s*<p class="muted"><a href="\/login">Sign in<\/a>/);
    expect(response.body).not.toContain('Demo mode'); // with an API key, no sample cities are offered
    expect(upstream.sent).toEqual([]);
  });

  test('?city= shows the weather, and keeps the city in the search box', async ({ client, upstream }) => {
    const response = await client.get('/?city=%20Dublin%20');
    expect(response.statusCode).toBe(200);
    expect(response.headers['retry-after']).toBeUndefined(); // only a refusal says when to come back
    expect(response.body).toContain('<title>Weather in Dublin · Skydeck</title>');
    expect(response.body).toContain('<h2 id="weather-heading">Dublin, IE</h2>');
    expect(response.body).toContain('<p class="temp">11.5 °C</p>');
    expect(response.body).toContain('<p class="description">broken clouds</p>');
    expect(response.body).toContain('<dt>Feels like</dt><dd>10.9 °C</dd>');
    expect(response.body).toContain('<dt>Humidity</dt><dd>82%</dd>');
    expect(response.body).toContain('<dt>Wind</dt><dd>5.7 m/s</dd>');
    expect(response.body).toContain(
      '<dt>Observed</dt><dd><time datetime="2026-11-27T12:00:00.000Z" title="2026-11-27 12:00 UTC">Fri 27 Nov, 12:00 local time</time> <small class="muted">(2026-11-27 12:00 UTC)</small></dd>',
    );
    expect(response.body).toContain(
      '<img class="weather-icon" src="/static/icons/04d.svg" alt="broken clouds" width="64" height="64">',
    );
    expect(response.body).toContain('value=" Dublin "');
    expect(lookups(upstream.sent).sort()).toEqual(['forecast Dublin', 'weather Dublin']);
  });

  test('?city= shows the five-day forecast under the weather, today first', async ({ client }) => {
    const body = (await client.get('/?city=Dublin')).body;
    expect(body).toContain('<ol class="forecast" aria-label="5-day forecast for Dublin">');
    // The canned weather is observed on Friday 27 November, and the canned forecast starts that afternoon.
    expect(body).toContain('<time datetime="2026-11-27" title="Friday, 27 November 2026 (local date)">Today</time>');
    expect(body.match(/<li class="forecast-day">/g)).toHaveLength(5);
  });

  test('a forecast that fails costs the page its forecast row only', async ({ client, upstream }) => {
    upstream.use(openWeatherMapForecast.status(503));
    const response = await client.get('/?city=Dublin');
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('<p class="temp">11.5 °C</p>');
    expect(response.body).not.toContain('class="forecast"');
  });

  test('fields upstream leaves out are not shown', async ({ client, upstream }) => {
    upstream.use(openWeatherMap.body({ name: 'Nowhere', main: { temp: -3.04 }, weather: [{ description: 'fog' }] }));
    const response = await client.get('/?city=Nowhere');
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('<h2 id="weather-heading">Nowhere</h2>');
    expect(response.body).toContain('<p class="temp">-3 °C</p>');
    expect(response.body).not.toContain('<dt>');
  });

  test.for<[string, string, string]>([
    ['empty', '', 'City must not be empty.'],
    ['only spaces', '%20%20', 'City must not be empty.'],
    ['101 characters', 'x'.repeat(101), 'City must be at most 100 characters.'],
    ['a control character', 'Dub%00lin', 'City must not contain control characters.'],
  ])(
    'an invalid city (%s) → 400 with the reason, nothing sent upstream',
    async ([, city, message], { client, upstream }) => {
      const response = await client.get(`/?city=${city}`);
      expect(response.statusCode).toBe(400);
      expect(response.headers['content-type']).toBe(HTML);
      expect(response.body).toContain(`<p class="notice" role="alert">${message}</p>`);
      expect(response.body).toContain('<label for="city">City</label>');
      expect(upstream.sent).toEqual([]);
    },
  );

  test('the city given twice → the 400 error page, not a 500', async ({ client }) => {
    const response = await client.get('/?city=Dublin&city=Paris', { headers: { accept: 'text/html' } });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('invalid querystring');
  });

  test('an unknown city → 404 "we couldn\'t find" with the search box to try again', async ({ client }) => {
    const response = await client.get('/?city=Atlantis');
    expect(response.statusCode).toBe(404);
    expect(response.body).toContain('We couldn&#39;t find “Atlantis”. Check the spelling');
    expect(response.body).toContain('value="Atlantis"');
  });

  test.for<[string, () => ReturnType<typeof openWeatherMap.status>]>([
    ['401 bad key', () => openWeatherMap.status(401, INVALID_KEY_BODY)],
    ['429 rate limited', () => openWeatherMap.status(429)],
    ['500 upstream error', () => openWeatherMap.status(500)],
    ['network error', () => openWeatherMap.networkError()],
    ['a body that is not JSON', () => openWeatherMap.text('Service Unavailable')],
  ])('provider down (%s) → 503 with a friendly message and no internals', async ([, handler], { client, upstream }) => {
    upstream.use(handler());
    const response = await client.get('/?city=Dublin');
    expect(response.statusCode).toBe(503);
    expect(response.body).toContain('The weather service is unavailable right now. Please try again in a few minutes.');
    expect(response.body).not.toMatch(/OpenWeatherMap|appid|test_key/);
  });

  test('what the user typed stays text: a <script> city is escaped in the box and the message', async ({ client }) => {
    const response = await client.get(`/?city=${encodeURIComponent('<script>alert("x")</script>')}`);
    expect(response.statusCode).toBe(404);
    expect(response.body).not.toContain('<script>');
    expect(response.body).toContain('value="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"');
    expect(response.body).toContain('find “&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;”');
  });

  test('what upstream sends stays text too', async ({ client, upstream }) => {
    upstream.use(
      openWeatherMap.body({
        name: '<img src=x onerror=alert(1)>',
        main: { temp: 1 },
        weather: [{ description: '<b>' }],
      }),
    );
    const response = await client.get('/?city=Dublin');
    expect(response.body).not.toContain('<img src=x');
    expect(response.body).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(response.body).toContain('<p class="description">&lt;b&gt;</p>');
    expect(response.body).toContain('alt="&lt;b&gt;"');
  });

  test('the time is the city’s own: Tokyo’s observation in Tokyo time, UTC in the small print', async ({ client }) => {
    const body = (await client.get('/?city=Tokyo')).body;
    expect(body).toContain('title="2026-11-27 12:00 UTC">Fri 27 Nov, 21:00 local time</time>');
  });

  test('an icon code Skydeck has no icon for, or none: the neutral icon, never a broken image', async ({
    client,
    upstream,
  }) => {
    upstream.use(
      openWeatherMap.body({ name: 'Nowhere', main: { temp: 1 }, weather: [{ description: 'ash', icon: '62x' }] }),
    );
    expect((await client.get('/?city=Nowhere')).body).toContain('src="/static/icons/unknown.svg" alt="ash"');
  });

  test('signed in: the header shows the user, and no sign-in nudge', async ({ authenticatedClient }) => {
    const response = await authenticatedClient.get('/?city=Paris');
    expect(response.body).toContain(`<a href="/dashboard">${TEST_USER.login}</a>`);
    expect(response.body).not.toContain('to save cities');
    expect(response.body).not.toContain('Demo mode');
  });

  describe('in demo mode (no WEATHER_API_KEY)', () => {
    test.override('config', () => testConfig({ WEATHER_API_KEY: undefined }));

    test('lists the demo cities as links to their weather', async ({ client }) => {
      const response = await client.get('/');
      expect(response.body).toContain(`Demo mode: the weather is sample data for ${CANNED_CITIES.length} cities`);
      expect(response.body).toContain('<a href="/?city=Dublin">Dublin</a>, <a href="/?city=London">London</a>');
      expect(response.body).toContain(' cities — <a href="/?city=Dublin">'); // no comma before the first
      expect(response.body).toContain('<a href="/?city=S%C3%A3o%20Paulo">São Paulo</a>');
    });

    test('answers from the built-in provider, without the network', async ({ client, upstream }) => {
      const response = await client.get('/?city=Tokyo');
      expect(response.statusCode).toBe(200);
      expect(response.body).toContain('<h2 id="weather-heading">Tokyo, JP</h2>');
      expect(upstream.sent).toEqual([]);
    });
  });
});
