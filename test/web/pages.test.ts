/**
 * What every page says it is (its <title>), and what the header offers: "Sign in" to a signed-out
 * visitor, the user and "Sign out" to a signed-in one. The 429 and 5xx pages need apps of their own:
 * test/http/rate-limit.test.ts and test/http/errors.test.ts pin their titles.
 */
import { describe, expect, test } from '../fixtures.ts';
import { TEST_USER } from '../support/users.ts';

const BROWSER = { accept: 'text/html' };

function titles(body: string): string[] {
  return [...body.matchAll(/<title>([^<]*)<\/title>/g)].map((match) => match[1]!);
}

/** The header's navigation, between <nav> and </nav>. */
function nav(body: string): string | undefined {
  return body.match(/<nav>([\s\S]*?)<\/nav>/)?.[1];
}

describe('every page has its own title', () => {
  test.for<[string, string, number, string]>([
    ['the home page', '/', 200, 'Weather search · Skydeck'],
    ["the home page with a city's weather", '/?city=Dublin', 200, 'Weather in Dublin · Skydeck'],
    ['the home page for a city nobody knows', '/?city=Atlantis', 404, 'Weather search · Skydeck'],
    ['the login page', '/login', 200, 'Sign in · Skydeck'],
    ['GET /logout', '/logout', 405, 'Sign out · Skydeck'],
    ['a failed sign-in', '/oauth/callback?code=c&state=s', 400, 'Sign-in failed · Skydeck'],
    ['the 404 page', '/nowhere', 404, 'Page not found · Skydeck'],
    ['the 400 page', '/bad%E0%A4%A', 400, 'Bad request · Skydeck'],
  ])('%s (%s): %i, titled "%s"', async ([, url, status, title], { client }) => {
    const response = await client.get(url, { headers: BROWSER });
    expect(response.statusCode).toBe(status);
    expect(titles(response.body)).toEqual([title]);
  });

  test('the dashboard: "Dashboard · Skydeck"', async ({ authenticatedClient }) => {
    const response = await authenticatedClient.get('/dashboard', { headers: BROWSER });
    expect(response.statusCode).toBe(200);
    expect(titles(response.body)).toEqual(['Dashboard · Skydeck']);
  });

  test('a refused cross-site form: "Request refused · Skydeck"', async ({ authenticatedClient }) => {
    const response = await authenticatedClient.post('/logout', { origin: 'https://evil.example', headers: BROWSER });
    expect(response.statusCode).toBe(403);
    expect(titles(response.body)).toEqual(['Request refused · Skydeck']);
  });
});

describe('the header', () => {
  test.for(['/', '/?city=Dublin', '/login', '/logout', '/nowhere'])(
    'signed out, %s offers "Sign in", a link to /login, and nothing else',
    async (url, { client }) => {
      const response = await client.get(url, { headers: BROWSER });
      expect(nav(response.body)).toBe('<a href="/login">Sign in</a>');
    },
  );

  test.for(['/', '/?city=Dublin', '/dashboard', '/logout', '/nowhere'])(
    'signed in, %s shows the user and "Sign out" instead of "Sign in"',
    async (url, { authenticatedClient }) => {
      const response = await authenticatedClient.get(url, { headers: BROWSER });
      expect(nav(response.body)).toBe(
        `<a href="/dashboard">${TEST_USER.login}</a>\n  <form method="post" action="/logout" class="inline"><button type="submit">Sign out</button></form>`,
      );
    },
  );
});
