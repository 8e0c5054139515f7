/** POST /units — the °C/°F toggle — and every page following the choice. */

import type { Database } from '../../src/db/database.ts';
import { UNITS_COOKIE } from '../../src/preferences/units.ts';
import { monthOf, previousMonth } from '../../src/snapshots/month.ts';
import { createSnapshotRepository } from '../../src/snapshots/repository.ts';
import { describe, expect, test } from '../fixtures.ts';
import type { TestClient } from '../support/client.ts';
import { MONTH_END } from '../support/clock.ts';
import { testConfig } from '../support/config.ts';
import { TEST_USER } from '../support/users.ts';

const asBrowser = { headers: { accept: 'text/html,application/xhtml+xml' } };

function choose(client: TestClient, units: string, returnTo = '/', options: { origin?: string | null } = {}) {
  return client.post('/units', { form: { units, return: returnTo }, ...options });
}

async function savedUnits(db: Database, userId: number): Promise<string | undefined> {
  const row = await db.selectFrom('users').select('units').where('id', '=', userId).executeTakeFirst();
  return row?.units;
}

/** The page without the toggle, whose button titles name both units. */
function withoutToggle(body: string): string {
  return body.replace(/<form method="post" action="\/units"[\s\S]*?<\/form>/, '');
}

/** The toggle's button for these units, with whether it is the pressed one. */
function toggleButton(body: string, units: 'metric' | 'imperial'): string | undefined {
  return body.match(new RegExp(`<button type="submit" name="units" value="${units}"[^>]*>`))?.[0];
}

describe('POST /units, signed out', () => {
  test('keeps the choice in a cookie (no session) and goes back to the page, post → redirect → get', async ({
    client,
    db,
  }) => {
    const response = await choose(client, 'imperial', '/?city=Dublin');
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/?city=Dublin');
    const cookie = response.cookies.find((c) => c.name === UNITS_COOKIE);
    expect(cookie).toMatchObject({ value: 'imperial', path: '/', httpOnly: true, sameSite: 'Lax', maxAge: 31_536_000 });
    expect(cookie?.secure).toBeFalsy();
    expect(response.cookies.map((c) => c.name)).toEqual([UNITS_COOKIE]);
    expect(await db.selectFrom('sessions').selectAll().execute()).toEqual([]);

    const page = await client.get('/?city=Dublin');
    expect(page.body).toContain('<p class="temp">52.7 °F</p>');
    expect(page.body).toContain('<dt>Feels like</dt><dd>51.6 °F</dd>');
    expect(page.body).toContain('<dt>Wind</dt><dd>12.7 mph</dd>');
    expect(withoutToggle(page.body)).not.toMatch(/°C|m\/s/);

    await choose(client, 'metric', '/?city=Dublin');
    expect((await client.get('/?city=Dublin')).body).toContain('<p class="temp">11.5 °C</p>');
  });

  describe('behind https', () => {
    test.override('config', () => testConfig({ PUBLIC_URL: 'https://skydeck.example' }));

    test('the cookie is Secure', async ({ client }) => {
      const response = await choose(client, 'imperial');
      expect(response.cookies.find((c) => c.name === UNITS_COOKIE)?.secure).toBe(true);
    });
  });

  test('a cookie that says anything else is metric, not an error', async ({ client }) => {
    client.cookies.set(UNITS_COOKIE, 'kelvin');
    const response = await client.get('/?city=Dublin');
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('<p class="temp">11.5 °C</p>');
  });

  test('another site’s form cannot flip this browser’s units', async ({ client }) => {
    const response = await choose(client, 'imperial', '/', { origin: 'https://evil.example' });
    expect(response.statusCode).toBe(403);
    expect(response.json()).toEqual({ error: 'cross-site request refused' });
    expect(response.cookies).toEqual([]);
  });

  test('a client that says nowhere (curl, no Origin or Referer) may choose: there is no account to protect', async ({
    client,
  }) => {
    expect((await choose(client, 'imperial', '/', { origin: null })).statusCode).toBe(303);
    expect(client.cookies.get(UNITS_COOKIE)).toBe('imperial');
  });
});

describe('POST /units, signed in', () => {
  test('saves the choice on the user; the dashboard follows it, charts included', async ({
    savedCities,
    db,
    clock,
  }) => {
    const { client, cities } = savedCities;
    clock.set(MONTH_END); // the chart shows the month of the sample stored here
    const today = new Date().toISOString();
    await createSnapshotRepository(db).insertSamples([
      { city_key: cities[0]!.city_key, recorded_at: today, temp_c: 10, humidity: 80, description: 'x' },
    ]);
    const response = await choose(client, 'imperial', '/dashboard');
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/dashboard');
    expect(await savedUnits(db, TEST_USER.id)).toBe('imperial');

    const body = (await client.get('/dashboard', asBrowser)).body;
    expect(body).toContain('<p class="temp">52.7 °F</p>'); // Dublin
    expect(body).toContain('<p class="temp">59.2 °F</p>'); // Tokyo
    expect(withoutToggle(body)).not.toMatch(/°C|m\/s/);
    expect(body).toMatch(/<svg class="chart-y"[^>]*><text[^>]*>-?\d+ °F<\/text>/); // the chart's axis
    expect(toggleButton(body, 'imperial')).toContain('aria-pressed="true"');
    expect(toggleButton(body, 'metric')).toContain('aria-pressed="false"');
  });

  test('the choice persists: a new session on another device reads in °F too', async ({ loggedInAs, db }) => {
    const laptop = await loggedInAs(7);
    await choose(laptop, 'imperial');
    expect(await savedUnits(db, 7)).toBe('imperial');
    const phone = await loggedInAs(7); // another browser, which never chose anything
    expect(phone.cookies.has(UNITS_COOKIE)).toBe(false);
    expect((await phone.get('/?city=Dublin')).body).toContain('<p class="temp">52.7 °F</p>');
  });

  test('the user’s saved units win over a stale cookie, either way round', async ({ authenticatedClient, db }) => {
    authenticatedClient.cookies.set(UNITS_COOKIE, 'imperial');
    expect((await authenticatedClient.get('/?city=Dublin')).body).toContain('<p class="temp">11.5 °C</p>');

    await db.updateTable('users').set({ units: 'imperial' }).where('id', '=', TEST_USER.id).execute();
    authenticatedClient.cookies.set(UNITS_COOKIE, 'metric');
    expect((await authenticatedClient.get('/?city=Dublin')).body).toContain('<p class="temp">52.7 °F</p>');
  });

  test('the cookie follows too, so the browser keeps the choice after signing out', async ({ authenticatedClient }) => {
    await choose(authenticatedClient, 'imperial');
    await authenticatedClient.post('/logout');
    expect((await authenticatedClient.get('/?city=Dublin')).body).toContain('<p class="temp">52.7 °F</p>');
  });

  test('from another site: refused, nothing saved', async ({ authenticatedClient, db }) => {
    const response = await choose(authenticatedClient, 'imperial', '/', { origin: 'https://evil.example' });
    expect(response.statusCode).toBe(403);
    expect(await savedUnits(db, TEST_USER.id)).toBe('metric');
    expect(response.cookies.filter((c) => c.name === UNITS_COOKIE)).toEqual([]);
  });

  test('with the session cookie but no Origin or Referer: refused, as every form is', async ({
    authenticatedClient,
    db,
  }) => {
    expect((await choose(authenticatedClient, 'imperial', '/', { origin: null })).statusCode).toBe(403);
    expect(await savedUnits(db, TEST_USER.id)).toBe('metric');
  });
});

describe('POST /units, bad input', () => {
  test.for<[string, Record<string, string>]>([
    ['missing', { return: '/' }],
    ['empty', { units: '' }],
    ['unknown', { units: 'kelvin' }],
    ['in the wrong case', { units: 'Imperial' }],
  ])('units %s → 400 JSON, nothing kept', async ([, form], { authenticatedClient, db }) => {
    const response = await authenticatedClient.post('/units', { form });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({ error: 'units must be metric or imperial' });
    expect(response.cookies.filter((c) => c.name === UNITS_COOKIE)).toEqual([]);
    expect(await savedUnits(db, TEST_USER.id)).toBe('metric');
  });

  test('a browser gets the friendly 400 page', async ({ client }) => {
    const response = await client.post('/units', { form: { units: 'kelvin' }, ...asBrowser });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.body).toContain('<p class="error">units must be metric or imperial</p>');
  });

  test.for<[string, () => { body?: string; form?: Record<string, string>; headers?: Record<string, string> }]>([
    [
      'units twice',
      () => ({ body: 'units=metric&units=imperial', headers: { 'content-type': 'application/x-www-form-urlencoded' } }),
    ],
    ['no body at all', () => ({})],
    ['malformed JSON', () => ({ body: '{"units":', headers: { 'content-type': 'application/json' } })],
  ])('%s → 400, never a 500', async ([, options], { client }) => {
    const response = await client.post('/units', options());
    expect(response.statusCode).toBe(400);
    expect(response.json()).toHaveProperty('error');
  });

  test('JSON works as well as a form', async ({ client }) => {
    const response = await client.post('/units', { json: { units: 'imperial', return: '/dashboard' } });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/dashboard');
  });
});

describe('POST /units goes back only to a page of Skydeck’s (no open redirect)', () => {
  test.for<[string, string | undefined, string]>([
    ['a page', '/dashboard', '/dashboard'],
    ['a search, query kept', '/?city=S%C3%A3o%20Paulo', '/?city=S%C3%A3o%20Paulo'],
    ['a path people read, sent as a browser may', '/?city=café', '/?city=caf%C3%A9'],
    ['no return', undefined, '/'],
    ['empty', '', '/'],
    ['another host, protocol-relative', '//evil.example/x', '/'],
    ['another host, backslash', '/\\evil.example', '/'],
    ['another host, absolute', 'https://evil.example/', '/'],
    ['our own origin, absolute (still only paths)', 'http://localhost:3000/dashboard', '/'],
    ['another host, behind a dot segment', '/.//evil.example', '/'],
    ['another host, behind an escaped dot-dot segment', '/a/%2e%2e//evil.example', '/'],
    ['a javascript: URL', 'javascript:alert(1)', '/'],
    ['a relative path', 'dashboard', '/'],
    ['a control character', '/\t/evil.example', '/'],
    ['a tab before the slashes', '\t//evil.example', '/'],
    ['far too long', `/${'x'.repeat(3000)}`, '/'],
  ])('%s → %s', async ([, returnTo, location], { client }) => {
    const form: Record<string, string> = { units: 'metric' };
    if (returnTo !== undefined) form.return = returnTo;
    const response = await client.post('/units', { form });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe(location);
  });
});

describe('the toggle on the pages', () => {
  test('home page: a form of two buttons, °C pressed by default, coming back to this very search', async ({
    client,
  }) => {
    const body = (await client.get('/?city=Dublin')).body;
    expect(body).toContain('<form method="post" action="/units" class="units-toggle" aria-label="Units">');
    expect(body).toContain('<input type="hidden" name="return" value="/?city=Dublin">');
    expect(toggleButton(body, 'metric')).toContain('aria-pressed="true"');
    expect(toggleButton(body, 'metric')).toContain('title="Temperatures in °C, wind in m/s"');
    expect(toggleButton(body, 'imperial')).toContain('aria-pressed="false"');
  });

  test('the search the toggle comes back to is text, never markup', async ({ client }) => {
    const body = (await client.get(`/?city=${encodeURIComponent('"><script>x</script>')}`)).body;
    expect(body).toContain('<input type="hidden" name="return" value="/?city=%22%3E%3Cscript%3Ex%3C%2Fscript%3E">');
    expect(body).not.toContain('<script>x');
  });

  test('dashboard: the toggle comes back to the dashboard, at the month being looked at', async ({
    authenticatedClient,
  }) => {
    const body = (await authenticatedClient.get('/dashboard', asBrowser)).body;
    expect(body).toContain('<input type="hidden" name="return" value="/dashboard">');
    expect(toggleButton(body, 'metric')).toContain('aria-pressed="true"');
    const earlier = previousMonth(monthOf(new Date()));
    const past = (await authenticatedClient.get(`/dashboard?month=${earlier}`, asBrowser)).body;
    expect(past).toContain(`<input type="hidden" name="return" value="/dashboard?month=${earlier}">`);
  });
});
