/** GET /dashboard: the seed's login_required route, in JSON for API clients and as a page for browsers. */
import { describe, expect, test } from '../fixtures.ts';
import { TEST_USER } from '../support/users.ts';

const asBrowser = { headers: { accept: 'text/html,application/xhtml+xml' } };

describe('GET /dashboard', () => {
  test.for<[string, { headers?: Record<string, string> }]>([
    ['an API client', {}],
    ['a browser', asBrowser],
  ])('signed out, %s is sent to /login', async ([, options], { client }) => {
    const response = await client.get('/dashboard', options);
    expect(response.statusCode).toBe(302);
    expect(response.headers.location).toBe('/login');
  });

  test("signed in: the seed's JSON", async ({ authenticatedClient }) => {
    const response = await authenticatedClient.get('/dashboard');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      user_id: TEST_USER.id,
      username: TEST_USER.login,
      message: 'welcome to your dashboard',
    });
  });

  test('loggedInAs: whichever user the test chooses', async ({ loggedInAs }) => {
    const client = await loggedInAs(7, { username: 'seven' });
    expect((await client.get('/dashboard')).json()).toMatchObject({ user_id: 7, username: 'seven' });
  });

  test('signed in, a browser gets a page showing the user, with a sign-out button', async ({ authenticatedClient }) => {
    const response = await authenticatedClient.get('/dashboard', asBrowser);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.body).toContain(`<h1>Welcome, ${TEST_USER.login}</h1>`);
    expect(response.body).toMatch(
      /<header class="site">[\s\S]*<form method="post" action="\/logout"[^>]*><button type="submit">Sign out<\/button><\/form>[\s\S]*<\/header>/,
    );
  });

  test.for(['/dashboard', '/', '/?city=Dublin', '/nowhere'])(
    'one "Sign out", not two: %s has one sign-out form, in the header',
    async (url, { authenticatedClient }) => {
      const body = (await authenticatedClient.get(url, asBrowser)).body;
      expect(body.match(/action="\/logout"/g)).toHaveLength(1);
      expect(body.match(/>Sign out</g)).toHaveLength(1);
    },
  );

  test('the page shows the GitHub profile: name, avatar, location', async ({ authenticatedClient, db }) => {
    await db
      .updateTable('users')
      .set({ name: 'Test User', avatar_url: 'https://avatars.githubusercontent.com/u/1?v=4', location: 'Cork' })
      .where('id', '=', TEST_USER.id)
      .execute();
    const body = (await authenticatedClient.get('/dashboard', asBrowser)).body;
    expect(body).toContain('<h1>Welcome, Test User</h1>');
    expect(body).toContain('<img src="https://avatars.githubusercontent.com/u/1?v=4" alt="" width="64" height="64">');
    expect(body).toContain(`Signed in with GitHub as <strong>${TEST_USER.login}</strong> · Cork`);
  });

  test('what GitHub says about a user is escaped, never markup', async ({ loggedInAs, db }) => {
    const client = await loggedInAs(9, { username: '<script>alert(1)</script>' });
    await db.updateTable('users').set({ location: '"><img src=x onerror=alert(1)>' }).where('id', '=', 9).execute();
    const body = (await client.get('/dashboard', asBrowser)).body;
    expect(body).not.toContain('<script>alert(1)</script>');
    expect(body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(body).not.toContain('<img src=x');
  });
});

describe('routes under /api/', () => {
  test('answer 401 JSON when signed out, instead of redirecting', async ({ client }) => {
    const response = await client.get('/api/cities');
    expect(response.statusCode).toBe(401);
    expect(response.json()).toEqual({ error: 'sign in required' });
  });
});
