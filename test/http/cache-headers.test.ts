/**
 * What caches may keep (issue 7, defects 4 and 5): a publicly cacheable response
 * never carries a cookie (the hourly session renewal waits for one that may), and
 * what a signed-in person sees is `Cache-Control: private, no-store`.
 */
import { buildApp } from '../../src/app.ts';
import { SESSION_COOKIE } from '../../src/auth/session-plugin.ts';
import { SESSION_TTL_MS } from '../../src/auth/sessions.ts';
import { describe, expect, test, vi } from '../fixtures.ts';
import { TestClient } from '../support/client.ts';
import { signIn } from '../support/sessions.ts';
import { TEST_USER } from '../support/users.ts';

const HOUR = 60 * 60 * 1000;
const HTML = { accept: 'text/html' };

/** Runs `steps` two hours after now, when every session made before is due for renewal. */
async function twoHoursLater<T>(steps: () => Promise<T>): Promise<T> {
  vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 2 * HOUR });
  try {
    return await steps();
  } finally {
    vi.useRealTimers();
  }
}

describe('the session renewal never lands on a publicly cacheable response', () => {
  test('the stylesheet and icon two hours on: no Set-Cookie and no renewal; the next page renews', async ({
    authenticatedClient: client,
    sessionOf,
  }) => {
    const before = (await sessionOf(client))!.expiresAt;
    await twoHoursLater(async () => {
      for (const url of ['/static/app.css', '/static/favicon.svg']) {
        const response = await client.get(url);
        expect(response.headers['cache-control']).toBe('public, max-age=86400');
        expect(response.headers['set-cookie']).toBeUndefined();
      }
      expect((await sessionOf(client))!.expiresAt).toEqual(before); // not slid behind a cookie nobody got

      const page = await client.get('/dashboard', { headers: HTML });
      expect(page.cookies.find((c) => c.name === SESSION_COOKIE)).toMatchObject({ maxAge: SESSION_TTL_MS / 1000 });
      expect((await sessionOf(client))!.expiresAt).toEqual(new Date(Date.now() + SESSION_TTL_MS));
    });
  });

  test('a tampered cookie is not cleared on the stylesheet either, but on the next page', async ({
    authenticatedClient: client,
  }) => {
    client.cookies.set(SESSION_COOKIE, 'tampered.value');
    expect((await client.get('/static/app.css')).headers['set-cookie']).toBeUndefined();
    const page = await client.get('/', { headers: HTML });
    expect(page.cookies.find((c) => c.name === SESSION_COOKIE)).toMatchObject({ value: '', maxAge: 0 });
  });

  test('on any route, the response’s own Cache-Control decides whether the renewed cookie may go', async ({
    config,
    db,
    schemaCompilers,
  }) => {
    const table: Array<[string, boolean]> = [
      ['public, max-age=600', false],
      ['max-age=600', false],
      ['s-maxage=60', false],
      ['PUBLIC', false],
      ['private, max-age=600', true],
      ['no-store', true],
      ['public, no-store', true],
      ['no-cache', true],
    ];
    // One app for the whole table (building one costs more than the requests), with a route of its own.
    const app = await buildApp(config, { db, schemaCompilers });
    app.get('/cache-control', { schema: { hide: true } }, async (request, reply) =>
      reply.header('cache-control', (request.query as { value: string }).value).send('ok'),
    );
    try {
      for (const [cacheControl, sent] of table) {
        const client = await signIn(db, new TestClient(app, config.publicUrl), config.secretKeys, TEST_USER.id);
        const url = `/cache-control?value=${encodeURIComponent(cacheControl)}`;
        const response = await twoHoursLater(() => client.get(url));
        expect(response.headers['cache-control'], cacheControl).toBe(cacheControl); // the route's own word stands
        expect(
          response.cookies.some((c) => c.name === SESSION_COOKIE),
          cacheControl,
        ).toBe(sent);
      }
    } finally {
      await app.close();
    }
  });
});

describe('signed-in responses are private, no-store', () => {
  test.for<[string, string, Record<string, string>]>([
    ['the dashboard, JSON', '/dashboard', {}],
    ['the dashboard, page', '/dashboard', HTML],
    ['the saved cities', '/api/cities', {}],
    ['a city’s history', '/api/cities/1/history', {}],
    ['the home page', '/', HTML],
    ['the home page with a search', '/?city=Dublin', HTML],
    ['the login page’s redirect', '/login', HTML],
  ])('%s (%s)', async ([, url, headers], { savedCities: { client } }) => {
    const response = await client.get(url, { headers });
    expect(response.statusCode).toBeLessThan(400);
    expect(response.headers['cache-control']).toBe('private, no-store');
  });

  test('/dashboard answers by Accept, so it says Vary: Accept (signed in, both kinds, and signed out)', async ({
    app,
    authenticatedClient,
    config,
  }) => {
    for (const headers of [{}, HTML]) {
      expect((await authenticatedClient.get('/dashboard', { headers })).headers.vary).toBe('Accept');
    }
    const signedOut = await new TestClient(app, config.publicUrl).get('/dashboard', { headers: HTML });
    expect(signedOut.statusCode).toBe(302);
    expect(signedOut.headers.vary).toBe('Accept');
  });

  test('public responses keep their own Cache-Control when signed in', async ({ authenticatedClient }) => {
    const response = await authenticatedClient.get('/static/app.css');
    expect(response.headers['cache-control']).toBe('public, max-age=86400');
  });

  test('signed out, the pages are not marked (nothing personal in them), unless they set a cookie', async ({
    client,
  }) => {
    expect((await client.get('/', { headers: HTML })).headers['cache-control']).toBeUndefined();
    expect((await client.get('/healthz')).headers['cache-control']).toBeUndefined();
    const start = await client.get('/oauth/login');
    expect(start.headers['set-cookie']).toBeDefined();
    expect(start.headers['cache-control']).toBe('private, no-store');
  });

  test('signing out (the cookie cleared) is private too', async ({ authenticatedClient }) => {
    const response = await authenticatedClient.post('/logout');
    expect(response.headers['cache-control']).toBe('private, no-store');
  });
});
