/**
 * The sign-in routes around the OAuth dance: /login, /logout, the session
 * cookie's life (fixation, revocation, tampering, flags), and the promise that
 * the GitHub token never shows up anywhere.
 */
import type { RequestHandler } from 'msw';
import { buildApp } from '../../src/app.ts';
import { GITHUB_TIMEOUT_MS } from '../../src/auth/github.ts';
import { OAUTH_COOKIE } from '../../src/auth/routes.ts';
import { SESSION_COOKIE } from '../../src/auth/session-plugin.ts';
import { createSessionStore, SESSION_TTL_MS } from '../../src/auth/sessions.ts';
import { hashToken } from '../../src/auth/tokens.ts';
import type { Database } from '../../src/db/database.ts';
import { describe, expect, test, vi } from '../fixtures.ts';
import { TestClient } from '../support/client.ts';
import { testConfig } from '../support/config.ts';
import { eventually } from '../support/eventually.ts';
import { GITHUB_TEST_TOKEN, github, signInThroughGithub, startSignIn } from '../support/github.ts';
import { collectLogs } from '../support/logs.ts';
import { sessionTokenOf } from '../support/sessions.ts';
import { TEST_USER } from '../support/users.ts';

const SESSION_MAX_AGE = 30 * 24 * 60 * 60;
const HOUR = 60 * 60 * 1000;

describe('GET /login', () => {
  test('signed out: a page with a "Sign in with GitHub" link to /oauth/login', async ({ client }) => {
    const response = await client.get('/login', { headers: { accept: 'text/html' } });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.body).toMatch(/<a class="button" href="\/oauth\/login">Sign in with GitHub<\/a>/);
    expect(response.body).not.toContain('Demo mode');
  });

  test('signed in: sent to /dashboard instead', async ({ authenticatedClient }) => {
    const response = await authenticatedClient.get('/login');
    expect(response.statusCode).toBe(302);
    expect(response.headers.location).toBe('/dashboard');
  });
});

describe('POST /logout', () => {
  test('revokes the session, clears the cookie, redirects to /', async ({ authenticatedClient, db }) => {
    const token = authenticatedClient.cookies.get(SESSION_COOKIE)!;
    const response = await authenticatedClient.post('/logout');
    expect(response.statusCode).toBe(302);
    expect(response.headers.location).toBe('/');
    const cleared = response.cookies.find((cookie) => cookie.name === SESSION_COOKIE);
    expect(cleared).toMatchObject({ value: '', path: '/' });
    expect(authenticatedClient.cookies.has(SESSION_COOKIE)).toBe(false);
    expect(await createSessionStore(db).read(token)).toBeUndefined();
  });

  test('an old copy of the cookie stops working: revocation is on the server', async ({
    app,
    authenticatedClient,
    config,
  }) => {
    const stolen = new TestClient(app, config.publicUrl);
    stolen.cookies.set(SESSION_COOKIE, authenticatedClient.cookies.get(SESSION_COOKIE)!);
    expect((await stolen.get('/dashboard')).statusCode).toBe(200);

    await authenticatedClient.post('/logout');
    const after = await stolen.get('/dashboard');
    expect(after.statusCode).toBe(302);
    expect(after.headers.location).toBe('/login');
  });

  test('signed out already: still 302 to /, nothing to revoke', async ({ client }) => {
    const response = await client.post('/logout');
    expect(response.statusCode).toBe(302);
    expect(response.headers.location).toBe('/');
  });

  test('GET /logout changes nothing: 405, Allow: POST, the session lives on', async ({
    authenticatedClient,
    sessionOf,
  }) => {
    const response = await authenticatedClient.get('/logout');
    expect(response.statusCode).toBe(405);
    expect(response.headers.allow).toBe('POST');
    expect(response.json()).toEqual({ error: 'sign out with POST /logout' });
    expect(await sessionOf(authenticatedClient)).toMatchObject({ userId: TEST_USER.id });
  });

  test('GET /logout in a browser offers the sign-out button instead', async ({ authenticatedClient }) => {
    const response = await authenticatedClient.get('/logout', { headers: { accept: 'text/html' } });
    expect(response.statusCode).toBe(405);
    expect(response.body).toContain('<button type="submit">Sign out of Skydeck</button>');
  });

  test('GET /logout in a browser, signed out: says so, with a way to sign in', async ({ client }) => {
    const response = await client.get('/logout', { headers: { accept: 'text/html' } });
    expect(response.body).toContain('You are not signed in. <a href="/login">Sign in</a>');
    expect(response.body).not.toContain('Sign out of Skydeck');
  });
});

describe('the session cookie', () => {
  test('after sign-in: HttpOnly, SameSite=Lax, Path=/, 30 days, not Secure over http', async ({ client }) => {
    const response = await signInThroughGithub(client);
    const cookie = response.cookies.find((c) => c.name === SESSION_COOKIE);
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/', maxAge: SESSION_MAX_AGE });
    expect(cookie?.secure).toBeFalsy();
  });

  test('holds only a random token (256 bits), signed with SECRET_KEY; the database keeps its SHA-256', async ({
    client,
    config,
    db,
  }) => {
    await signInThroughGithub(client);
    const [token, signature] = client.cookies.get(SESSION_COOKIE)!.split('.');
    expect(token).toMatch(/^[\w-]{43}$/);
    expect(signature).toMatch(/^[\w+/]{43}$/); // HMAC-SHA256, base64 without padding
    expect(sessionTokenOf(client, config.secretKeys)).toBe(token);
    const rows = await db.selectFrom('sessions').select('token_hash').execute();
    expect(rows).toEqual([{ token_hash: hashToken(token!) }]);
  });

  describe('over https (PUBLIC_URL https://…)', () => {
    test.override('config', () => testConfig({ PUBLIC_URL: 'https://skydeck.example' }));

    test('the session and sign-in cookies are Secure', async ({ client }) => {
      const start = await client.get('/oauth/login');
      expect(start.cookies.find((c) => c.name === OAUTH_COOKIE)?.secure).toBe(true);
      expect(new URL(String(start.headers.location)).searchParams.get('redirect_uri')).toBe(
        'https://skydeck.example/oauth/callback',
      );
      const state = new URL(String(start.headers.location)).searchParams.get('state')!;
      const done = await client.get(`/oauth/callback?code=gh_code&state=${state}`);
      expect(done.cookies.find((c) => c.name === SESSION_COOKIE)?.secure).toBe(true);
    });
  });

  test('session fixation: signing in replaces the session the browser had, and revokes it', async ({
    config,
    db,
    loggedInAs,
    sessionOf,
  }) => {
    const client = await loggedInAs(7, { cart: 'from before' });
    const before = sessionTokenOf(client, config.secretKeys)!; // the token, not the signed cookie: read() takes tokens
    expect(await createSessionStore(db).read(before)).toBeDefined();
    await signInThroughGithub(client);
    expect(sessionTokenOf(client, config.secretKeys)).not.toBe(before);
    expect(await createSessionStore(db).read(before)).toBeUndefined();
    const session = await sessionOf(client);
    expect(session?.userId).not.toBe(7);
    expect(session?.data).toEqual({}); // nothing from before the sign-in survives
  });

  test('a token planted by an attacker is never adopted: sign-in issues a new one', async ({ client }) => {
    const planted = 'A'.repeat(43);
    client.cookies.set(SESSION_COOKIE, planted);
    await signInThroughGithub(client);
    expect(client.cookies.get(SESSION_COOKIE)).not.toBe(planted);
    expect((await client.get('/dashboard')).statusCode).toBe(200);
  });

  test.for<[string, string]>([
    ['garbage', 'not a token'],
    ['the right shape, unknown', 'B'.repeat(43)],
    ['too long', 'C'.repeat(4000)],
    ['a real token with a character changed', 'CHANGED'],
  ])('tampered (%s): simply anonymous, cookie cleared, never a 500', async ([, value], { authenticatedClient }) => {
    const real = authenticatedClient.cookies.get(SESSION_COOKIE)!;
    const tampered = value === 'CHANGED' ? `${real.slice(0, -1)}${real.endsWith('a') ? 'b' : 'a'}` : value;
    authenticatedClient.cookies.set(SESSION_COOKIE, tampered);
    const response = await authenticatedClient.get('/dashboard');
    expect(response.statusCode).toBe(302);
    expect(response.headers.location).toBe('/login');
    expect(authenticatedClient.cookies.has(SESSION_COOKIE)).toBe(false);
  });

  test('is re-issued only when the server slides the expiry, not on every response', async ({
    authenticatedClient,
  }) => {
    const within = await authenticatedClient.get('/static/app.css');
    expect(within.headers['set-cookie']).toBeUndefined(); // a cacheable response carries no session token
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 2 * 60 * 60 * 1000 });
    try {
      const later = await authenticatedClient.get('/dashboard');
      expect(later.statusCode).toBe(200);
      const cookie = later.cookies.find((c) => c.name === SESSION_COOKIE);
      expect(cookie).toMatchObject({ httpOnly: true, path: '/', maxAge: SESSION_MAX_AGE });
      expect((await authenticatedClient.get('/dashboard')).headers['set-cookie']).toBeUndefined();
    } finally {
      vi.useRealTimers();
    }
  });

  test.for<[string, boolean, number]>([
    ['an hour less 1 ms', false, HOUR - 1],
    ['exactly an hour', false, HOUR],
    ['an hour and 1 ms', true, HOUR + 1],
  ])(
    'a session used %s after its expiry was set: extended (a new cookie, 30 days from now) is %s',
    async ([, extended, age], { clock, loggedInAs, sessionOf }) => {
      const client = await loggedInAs(TEST_USER.id);
      clock.advance(age);
      const response = await client.get('/dashboard');
      expect(response.cookies.some((cookie) => cookie.name === SESSION_COOKIE)).toBe(extended);
      const from = extended ? Date.now() : clock.start.getTime();
      expect((await sessionOf(client))?.expiresAt).toEqual(new Date(from + SESSION_TTL_MS));
    },
  );

  test('an expired session is anonymous', async ({ authenticatedClient, db }) => {
    await db
      .updateTable('sessions')
      .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .execute();
    expect((await authenticatedClient.get('/dashboard')).headers.location).toBe('/login');
  });
});

describe('the GitHub token is dropped once the profile is read', () => {
  async function everythingStored(db: Database): Promise<string> {
    const tables = ['users', 'sessions', 'oauth_attempts'] as const;
    const rows = await Promise.all(tables.map((table) => db.selectFrom(table).selectAll().execute()));
    return JSON.stringify(rows);
  }

  test.for([
    ['a successful sign-in', false],
    ['a sign-in whose /user call fails after the token was issued', true],
  ])(
    '%s: the token is in no cookie, page, log line or table',
    async ([, failUser], { db, schemaCompilers, upstream }) => {
      const logs = collectLogs();
      const config = testConfig({ LOG_LEVEL: 'trace' });
      const app = await buildApp(config, { db, schemaCompilers, logStream: logs });
      try {
        if (failUser) upstream.use(github.user.status(500, { message: 'boom' }));
        const client = new TestClient(app, config.publicUrl);
        const callback = await signInThroughGithub(client);
        const pages = [
          callback,
          await client.get('/dashboard'),
          await client.get('/dashboard', { headers: { accept: 'text/html' } }),
        ];

        expect(callback.statusCode).toBe(failUser ? 502 : 302);
        expect(upstream.sent.map((request) => request.headers.get('authorization'))).toContain(
          `Bearer ${GITHUB_TEST_TOKEN}`,
        ); // it was issued and used, so its absence below means something
        for (const page of pages) {
          expect(page.body).not.toContain(GITHUB_TEST_TOKEN);
          expect(JSON.stringify(page.headers)).not.toContain(GITHUB_TEST_TOKEN);
        }
        expect([...client.cookies.values()].join()).not.toContain(GITHUB_TEST_TOKEN);
        expect(await everythingStored(db)).not.toContain(GITHUB_TEST_TOKEN);
        expect(logs.text()).not.toContain(GITHUB_TEST_TOKEN);
        expect(logs.text()).not.toContain('test_client_secret');
      } finally {
        await app.close();
      }
    },
  );

  test('the log says why a sign-in failed (GitHub’s error code), with the callback’s code and state masked', async ({
    db,
    schemaCompilers,
    upstream,
  }) => {
    const logs = collectLogs();
    const config = testConfig({ LOG_LEVEL: 'info' });
    const app = await buildApp(config, { db, schemaCompilers, logStream: logs });
    try {
      upstream.use(github.token.body({ error: 'bad_verification_code' }));
      await signInThroughGithub(new TestClient(app, config.publicUrl), 'gh_secret_code');
      const failure = logs.lines.find((line) => line.msg === 'GitHub sign-in failed');
      expect(failure?.reason).toMatch(/^token exchange failed: .*\(bad_verification_code\)$/);
      const callbackLine = logs.lines.find((line) => String(line.url).startsWith('/oauth/callback'));
      expect(callbackLine?.url).toBe('/oauth/callback?code=[redacted]&state=[redacted]');
      expect(logs.text()).not.toContain('gh_secret_code');
    } finally {
      await app.close();
    }
  });
});

describe('cancelled at GitHub (?error=…)', () => {
  test.for<[string, string, unknown]>([
    ['its reason', 'error=access_denied', 'access_denied'],
    ['a long reason, cut to 100 characters', `error=${'x'.repeat(300)}`, 'x'.repeat(100)],
    ['a reason given twice: none', 'error=a&error=b', undefined],
  ])('400 "sign-in cancelled"; the log says so with %s', async ([, error, reason], { db, schemaCompilers }) => {
    const logs = collectLogs();
    const config = testConfig({ LOG_LEVEL: 'info' });
    const app = await buildApp(config, { db, schemaCompilers, logStream: logs });
    try {
      const client = new TestClient(app, config.publicUrl);
      const state = (await startSignIn(client)).searchParams.get('state')!;
      const response = await client.get(`/oauth/callback?state=${state}&${error}`);
      expect([response.statusCode, response.json()]).toEqual([400, { error: 'sign-in cancelled' }]);
      expect(response.headers['retry-after']).toBeUndefined(); // nothing to wait for
      const cancelled = logs.lines.filter((line) => line.msg === 'sign-in cancelled at GitHub');
      expect(cancelled).toEqual([expect.objectContaining({ level: 30 })]);
      expect(cancelled[0]?.reason).toEqual(reason);
    } finally {
      await app.close();
    }
  });
});

describe('the log says which GitHub call ran out of time, and after how long', () => {
  test.for<[string, string, string, () => RequestHandler]>([
    [
      'the token exchange',
      `token exchange timed out after ${GITHUB_TIMEOUT_MS} ms`,
      '/login/oauth/access_token',
      () => github.token.hang(),
    ],
    [
      '/user',
      `GET https://api.github.com/user timed out after ${GITHUB_TIMEOUT_MS} ms`,
      '/user',
      () => github.user.hang(),
    ],
  ])(
    '%s hanging: "GitHub sign-in failed" with the reason "%s"',
    async ([, reason, path, hang], { db, schemaCompilers, upstream }) => {
      const logs = collectLogs();
      const config = testConfig({ LOG_LEVEL: 'info' });
      const app = await buildApp(config, { db, schemaCompilers, logStream: logs });
      try {
        const client = new TestClient(app, config.publicUrl);
        const state = new URL(String((await client.get('/oauth/login')).headers.location)).searchParams.get('state')!;
        vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
        upstream.use(hang());
        const pending = client.get(`/oauth/callback?code=c&state=${state}`);
        await eventually(() => expect(upstream.sent.map((request) => new URL(request.url).pathname)).toContain(path));
        await vi.advanceTimersByTimeAsync(GITHUB_TIMEOUT_MS);
        expect((await pending).statusCode).toBe(502);
        expect(logs.lines.find((line) => line.msg === 'GitHub sign-in failed')?.reason).toBe(reason);
      } finally {
        vi.useRealTimers();
        await app.close();
      }
    },
  );
});
