/**
 * Security headers on every response (helmet), and a Content-Security-Policy
 * that Skydeck's pages actually satisfy: a policy the pages break would either
 * be loosened in a hurry or break the site.
 */
import { describe, expect, test } from '../fixtures.ts';
import { saveCities } from '../support/cities.ts';
import type { TestClient } from '../support/client.ts';
import { testConfig } from '../support/config.ts';
import { cspViolations } from '../support/csp.ts';
import { startSignIn } from '../support/github.ts';
import { TEST_USER } from '../support/users.ts';

const CSP =
  "default-src 'self';script-src 'self';style-src 'self';img-src 'self' https: data:;form-action 'self';" +
  "frame-ancestors 'none';base-uri 'self';object-src 'none'";
const asBrowser = { headers: { accept: 'text/html' } };

describe('security headers', () => {
  test.for<[string, (client: TestClient) => Promise<{ statusCode: number; headers: Record<string, unknown> }>]>([
    ['a JSON route', (client) => client.get('/healthz')],
    ['a page', (client) => client.get('/login', asBrowser)],
    ['a redirect', (client) => client.get('/oauth/login')],
    ['a 404', (client) => client.get('/no/such/thing')],
    ['an error answer', (client) => client.get('/weather')],
    ['a refused cross-site request', (client) => client.post('/logout', { origin: 'https://evil.example' })],
  ])('on %s', async ([, send], { authenticatedClient }) => {
    const response = await send(authenticatedClient);
    expect(response.headers).toMatchObject({
      'content-security-policy': CSP,
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'SAMEORIGIN',
      'cross-origin-opener-policy': 'same-origin',
      // Not "no-referrer": under it a browser's same-origin form post says `Origin: null`, which CSRF refuses.
      'referrer-policy': 'same-origin',
    });
    expect(response.headers['strict-transport-security']).toBeUndefined(); // http: HSTS would be a lie
  });

  describe('over https', () => {
    test.override('config', () => testConfig({ PUBLIC_URL: 'https://skydeck.example' }));

    test('HSTS, and the CSP upgrades stray http requests', async ({ client }) => {
      const response = await client.get('/healthz');
      expect(response.headers['strict-transport-security']).toBe('max-age=15552000; includeSubDomains');
      expect(response.headers['content-security-policy']).toBe(`${CSP};upgrade-insecure-requests`);
    });
  });
});

describe('every page satisfies the CSP', () => {
  const own = 'http://localhost:3000';
  type Open = (client: TestClient) => Promise<{ statusCode: number; body: string }>;
  test.for<[string, 'signed in' | 'signed in, with cities' | 'signed out', Open]>([
    ['/ (home)', 'signed in', (client) => client.get('/', asBrowser)],
    ['/login', 'signed out', (client) => client.get('/login', asBrowser)],
    ['/dashboard', 'signed in', (client) => client.get('/dashboard', asBrowser)],
    ['/dashboard with cities and charts', 'signed in, with cities', (client) => client.get('/dashboard', asBrowser)],
    ['GET /logout', 'signed in', (client) => client.get('/logout', asBrowser)],
    ['a failed sign-in', 'signed out', (client) => client.get('/oauth/callback?state=x', asBrowser)],
    [
      'a refused cross-site form',
      'signed in',
      (client) => client.post('/logout', { origin: 'https://evil.example', ...asBrowser }),
    ],
    ['the 404 page', 'signed in', (client) => client.get('/no/such/page', asBrowser)],
  ])('%s (%s)', async ([, who, open], { client, db, loggedInAs }) => {
    const browser = who === 'signed out' ? client : await loggedInAs(TEST_USER.id, { username: TEST_USER.login });
    if (who === 'signed in, with cities') await saveCities(db, TEST_USER.id, ['Dublin', 'Tokyo']);
    const response = await open(browser);
    expect(response.body).toMatch(/^<!doctype html>/);
    if (who === 'signed in, with cities') expect(response.body).toContain('<figure class="chart');
    expect(cspViolations(response.body, own)).toEqual([]);
  });

  describe('in demo mode', () => {
    test.override('config', () => testConfig({ GITHUB_CLIENT_ID: '', GITHUB_CLIENT_SECRET: '', WEATHER_API_KEY: '' }));

    test("the demo GitHub's authorize page, and the login page", async ({ client }) => {
      const authorize = await startSignIn(client);
      const pages = [
        await client.get(`${authorize.pathname}${authorize.search}`, asBrowser),
        await client.get('/login', asBrowser),
      ];
      for (const page of pages) {
        expect(page.statusCode).toBe(200);
        expect(cspViolations(page.body, own)).toEqual([]);
      }
    });
  });

  test('the checker does catch what the policy blocks', () => {
    const page = `<script>x()</script><p style="color:red" onclick="y()"><a href="javascript:z()">a</a>
      <img src="http://tracker.example/p.gif"><form action="https://evil.example/steal"></form>
      <link rel="stylesheet" href="https://cdn.example/a.css"><iframe src="/x"></iframe>`;
    expect(cspViolations(page, 'http://localhost:3000')).toHaveLength(8);
    expect(cspViolations('<img src="https://avatars.githubusercontent.com/u/1"><form action="/logout">', 'x')).toEqual(
      [],
    );
  });
});
