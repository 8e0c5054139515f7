/**
 * Sign in with GitHub, the seed's section 7 and what it leaves out: the whole
 * flow with msw playing GitHub, every failure branch, state and PKCE, and
 * what a failure must leave behind (nothing).
 */
import { createHash } from 'node:crypto';
import type { RequestHandler } from 'msw';
import { GITHUB_TIMEOUT_MS } from '../../src/auth/github.ts';
import { OAUTH_COOKIE } from '../../src/auth/routes.ts';
import { SESSION_COOKIE } from '../../src/auth/session-plugin.ts';
import type { Database } from '../../src/db/database.ts';
import { BAD_VERIFICATION_CODE_BODY } from '../../src/demo/github-data.ts';
import { describe, expect, test, vi } from '../fixtures.ts';
import type { TestClient } from '../support/client.ts';
import { eventually } from '../support/eventually.ts';
import {
  GITHUB_AUTHORIZE_URL,
  GITHUB_TEST_TOKEN,
  GITHUB_TEST_USER,
  GITHUB_TOKEN_URL,
  GITHUB_USER_URL,
  github,
  signInThroughGithub,
  startSignIn,
} from '../support/github.ts';
import { cookieSigner } from '../support/sessions.ts';
import { TEST_USER } from '../support/users.ts';

const CALLBACK = 'http://localhost:3000/oauth/callback';

/** Row counts of everything a sign-in can write. */
async function leftovers(db: Database) {
  const count = async (table: 'users' | 'sessions' | 'oauth_attempts') =>
    Number((await db.selectFrom(table).select(db.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  return { users: await count('users'), sessions: await count('sessions'), attempts: await count('oauth_attempts') };
}

function callbackUrl(params: Record<string, string>): string {
  return `/oauth/callback?${new URLSearchParams(params)}`;
}

describe('GET /oauth/login', () => {
  test('redirects to GitHub with client_id, redirect_uri, scope, state and an S256 PKCE challenge', async ({
    client,
    upstream,
  }) => {
    const response = await client.get('/oauth/login');
    expect(response.statusCode).toBe(302);
    const location = new URL(String(response.headers.location));
    expect(`${location.origin}${location.pathname}`).toBe(GITHUB_AUTHORIZE_URL);
    const params = Object.fromEntries(location.searchParams);
    expect(params).toEqual({
      client_id: 'test_client_id',
      redirect_uri: CALLBACK,
      scope: 'read:user',
      state: expect.stringMatching(/^[\w-]{43}$/), // 256 bits, base64url
      code_challenge: expect.stringMatching(/^[\w-]{43}$/), // a SHA-256, base64url
      code_challenge_method: 'S256',
    });
    expect(upstream.sent).toEqual([]);
  });

  test('binds the attempt to this browser with a signed HttpOnly cookie for /oauth that lasts 10 minutes', async ({
    client,
    config,
    db,
  }) => {
    const response = await client.get('/oauth/login');
    const cookie = response.cookies.find((c) => c.name === OAUTH_COOKIE);
    expect(cookie).toMatchObject({ path: '/oauth', httpOnly: true, sameSite: 'Lax', maxAge: 600 });
    expect(cookie?.secure).toBeFalsy();
    const signed = cookieSigner(config.secretKeys).unsign(cookie!.value);
    expect(signed.valid).toBe(true);
    // The database keeps a hash of the cookie's id, never the id itself.
    const rows = await db.selectFrom('oauth_attempts').selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.id_hash).not.toBe(signed.value);
    expect(rows[0]!.id_hash).toBe(createHash('sha256').update(signed.value!).digest('base64url'));
  });

  test('every start gets a fresh state and challenge, and replaces the unfinished attempt', async ({ client, db }) => {
    const first = await startSignIn(client);
    const second = await startSignIn(client);
    expect(second.searchParams.get('state')).not.toBe(first.searchParams.get('state'));
    expect(second.searchParams.get('code_challenge')).not.toBe(first.searchParams.get('code_challenge'));
    expect((await leftovers(db)).attempts).toBe(1);
  });

  test('deletes no expired attempts of others: pruning is housekeeping, off the request path', async ({
    client,
    db,
  }) => {
    const expired = { state: 's', code_verifier: 'v', expires_at: new Date(Date.now() - 1000).toISOString() };
    await db
      .insertInto('oauth_attempts')
      .values([
        { id_hash: 'abandoned-1', ...expired },
        { id_hash: 'abandoned-2', ...expired },
      ])
      .execute();
    expect((await client.get('/oauth/login')).statusCode).toBe(302);
    expect((await leftovers(db)).attempts).toBe(3);
  });
});

describe('the whole sign-in, with msw playing GitHub', () => {
  test('login → GitHub → callback → /dashboard, signed in as the GitHub user', async ({
    client,
    db,
    sessionOf,
    upstream,
  }) => {
    const authorize = await startSignIn(client);
    // GitHub asks for consent, then sends the browser back with a code and the same state.
    const state = authorize.searchParams.get('state')!;
    const callback = await client.get(callbackUrl({ code: 'gh_code_123', state }));

    expect(callback.statusCode).toBe(302);
    expect(callback.headers.location).toBe('/dashboard');
    const dashboard = await client.get('/dashboard');
    expect(dashboard.statusCode).toBe(200);
    const user = await db.selectFrom('users').selectAll().executeTakeFirstOrThrow();
    expect(dashboard.json()).toEqual({
      user_id: user.id,
      username: GITHUB_TEST_USER.login,
      message: 'welcome to your dashboard',
    });
    expect(user).toMatchObject({
      github_id: GITHUB_TEST_USER.id,
      login: GITHUB_TEST_USER.login,
      name: GITHUB_TEST_USER.name,
      avatar_url: GITHUB_TEST_USER.avatar_url,
      location: GITHUB_TEST_USER.location,
    });
    // The seed checks the session after the callback: it belongs to the user, and holds nothing from GitHub.
    expect(await sessionOf(client)).toMatchObject({ userId: user.id, data: {} });
    expect(client.cookies.has(OAUTH_COOKIE)).toBe(false);
    expect(await leftovers(db)).toEqual({ users: 1, sessions: 1, attempts: 0 });
    expect(upstream.sent.map((request) => `${request.method} ${request.url}`)).toEqual([
      `POST ${GITHUB_TOKEN_URL}`,
      `GET ${GITHUB_USER_URL}`,
    ]);
  });

  test('the token request: form body with client credentials, code, redirect_uri and the PKCE verifier', async ({
    client,
    upstream,
  }) => {
    const authorize = await startSignIn(client);
    await client.get(callbackUrl({ code: 'gh_code_123', state: authorize.searchParams.get('state')! }));

    const tokenRequest = upstream.sent[0]!;
    expect(tokenRequest.method).toBe('POST');
    expect(tokenRequest.headers.get('accept')).toBe('application/json');
    expect(tokenRequest.headers.get('content-type')).toMatch(/^application\/x-www-form-urlencoded/);
    const form = Object.fromEntries(new URLSearchParams(await tokenRequest.text()));
    expect(form).toMatchObject({
      client_id: 'test_client_id',
      client_secret: 'test_client_secret',
      code: 'gh_code_123',
      redirect_uri: CALLBACK,
      code_verifier: expect.stringMatching(/^[\w-]{43,128}$/),
    });
    // PKCE: the verifier sent now is the one whose S256 challenge went to GitHub at the start.
    const challenge = createHash('sha256').update(form.code_verifier!).digest('base64url');
    expect(challenge).toBe(authorize.searchParams.get('code_challenge'));
  });

  test('the /user request carries the token as a Bearer credential, and a User-Agent as GitHub requires', async ({
    client,
    upstream,
  }) => {
    await signInThroughGithub(client);
    const userRequest = upstream.sent[1]!;
    expect(userRequest.headers.get('authorization')).toBe(`Bearer ${GITHUB_TEST_TOKEN}`);
    expect(userRequest.headers.get('user-agent')).toBe('Skydeck');
    expect(userRequest.headers.get('accept')).toBe('application/vnd.github+json');
  });

  test('a returning user keeps their row, with the profile refreshed from GitHub', async ({ client, db, upstream }) => {
    await signInThroughGithub(client);
    const before = await db.selectFrom('users').selectAll().executeTakeFirstOrThrow();
    upstream.use(github.user.body({ ...GITHUB_TEST_USER, name: 'Renamed', location: null }));
    await signInThroughGithub(client);
    const after = await db.selectFrom('users').selectAll().execute();
    expect(after).toEqual([expect.objectContaining({ id: before.id, name: 'Renamed', location: null })]);
  });
});

describe('every failure after the state check: 502, no session, nothing kept', () => {
  type Row = [string, () => RequestHandler, string];
  const tokenFailed = 'token exchange failed';
  const userFailed = 'github user lookup failed';
  test.for<Row>([
    ['token endpoint 400', () => github.token.status(400, { error: 'invalid_request' }), tokenFailed],
    ['token endpoint 401', () => github.token.status(401, { error: 'invalid_client' }), tokenFailed],
    ['token endpoint 404', () => github.token.status(404), tokenFailed],
    ['token endpoint 500', () => github.token.status(500), tokenFailed],
    ['token endpoint 503', () => github.token.status(503), tokenFailed],
    ['token endpoint 200 bad_verification_code', () => github.token.body(BAD_VERIFICATION_CODE_BODY), tokenFailed],
    [
      'token endpoint 200 incorrect_client_credentials',
      () => github.token.body({ error: 'incorrect_client_credentials' }),
      tokenFailed,
    ],
    ['token endpoint 200 without access_token', () => github.token.body({ token_type: 'bearer' }), tokenFailed],
    [
      'token endpoint 200 with an empty access_token',
      () => github.token.body({ access_token: '', token_type: 'bearer' }),
      tokenFailed,
    ],
    ['token endpoint 200 with a body that is not JSON', () => github.token.text('<html>oops</html>'), tokenFailed],
    ['token endpoint 200 with JSON null', () => github.token.body(null), tokenFailed],
    ['token endpoint network error', () => github.token.networkError(), tokenFailed],
    ['/user 401 bad credentials', () => github.user.status(401, { message: 'Bad credentials' }), userFailed],
    ['/user 403 rate limited', () => github.user.status(403, { message: 'API rate limit exceeded' }), userFailed],
    ['/user 404', () => github.user.status(404), userFailed],
    ['/user 500', () => github.user.status(500), userFailed],
    ['/user 503', () => github.user.status(503), userFailed],
    ['/user 200 with a body that is not JSON', () => github.user.text('not json'), userFailed],
    ['/user 200 without id', () => github.user.body({ login: 'octocat' }), userFailed],
    ['/user 200 with an empty login', () => github.user.body({ id: 1, login: '' }), userFailed],
    ['/user 200 with JSON null', () => github.user.body(null), userFailed],
    ['/user network error', () => github.user.networkError(), userFailed],
  ])('%s → 502', async ([, handler, error], { client, db, upstream }) => {
    upstream.use(handler());
    const response = await signInThroughGithub(client);

    expect(response.statusCode).toBe(502);
    expect(response.json()).toEqual({ error });
    expect(response.cookies.map((cookie) => cookie.name)).not.toContain(SESSION_COOKIE);
    expect(client.cookies.size).toBe(0); // the attempt's cookie is cleared too
    expect(await leftovers(db)).toEqual({ users: 0, sessions: 0, attempts: 0 });
  });

  test.for<[string, () => RequestHandler, string, string]>([
    ['the token endpoint', () => github.token.hang(), tokenFailed, '/login/oauth/access_token'],
    ['/user', () => github.user.hang(), userFailed, '/user'],
  ])(
    '%s hanging is abandoned after 10 s (fake time) → 502',
    async ([, hang, error, path], { client, db, upstream }) => {
      const authorize = await startSignIn(client);
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
      try {
        upstream.use(hang());
        const pending = client.get(callbackUrl({ code: 'gh_code', state: authorize.searchParams.get('state')! }));
        let settled = false;
        void pending.then(() => {
          settled = true;
        });
        // The deadline starts when the request leaves, after the sign-in attempt is read (real I/O on Postgres).
        await eventually(() => expect(upstream.sent.map((request) => new URL(request.url).pathname)).toContain(path));
        await vi.advanceTimersByTimeAsync(GITHUB_TIMEOUT_MS - 1);
        expect(settled).toBe(false);
        await vi.advanceTimersByTimeAsync(1);
        // The answer still has database work to do (real I/O on Postgres): wait for it briefly, and fail here,
        // not by hanging until the test timeout, if the deadline did not fire.
        await eventually(() => expect(settled).toBe(true));
        const response = await pending;
        expect(response.statusCode).toBe(502);
        expect(response.json()).toEqual({ error });
        expect(await leftovers(db)).toEqual({ users: 0, sessions: 0, attempts: 0 });
      } finally {
        vi.useRealTimers();
      }
    },
  );

  test.for<[string, () => RequestHandler, number]>([
    ['token exchange', () => github.token.status(500), 502],
    ['/user', () => github.user.status(500), 502],
  ])(
    'a browser gets a friendly page with a "try again" link for a failed %s, with the same status',
    async ([, handler, status], { client, upstream }) => {
      upstream.use(handler());
      const response = await signInThroughGithub(client, 'gh_code', { accept: 'text/html' });
      expect(response.statusCode).toBe(status);
      expect(response.headers['content-type']).toMatch(/^text\/html/);
      expect(response.body).toContain('<a class="button" href="/login">Try again</a>');
    },
  );

  test('a failed sign-in does not touch the session a browser already had', async ({
    authenticatedClient,
    sessionOf,
    upstream,
  }) => {
    upstream.use(github.token.status(500));
    await signInThroughGithub(authenticatedClient);
    expect(await sessionOf(authenticatedClient)).toMatchObject({ userId: TEST_USER.id });
  });
});

describe('state: consumed first, checked before anything goes upstream', () => {
  async function expectInvalidState(client: TestClient, url: string, upstream: { sent: Request[] }) {
    const response = await client.get(url);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({ error: 'invalid state' });
    expect(upstream.sent).toEqual([]);
  }

  test('missing state → 400, and the attempt is gone', async ({ client, db, upstream }) => {
    await startSignIn(client);
    await expectInvalidState(client, callbackUrl({ code: 'gh_code' }), upstream);
    expect((await leftovers(db)).attempts).toBe(0);
    expect(client.cookies.has(OAUTH_COOKIE)).toBe(false);
  });

  test('mismatched state → 400; the attempt is used up, so the right state afterwards fails too', async ({
    client,
    upstream,
  }) => {
    const authorize = await startSignIn(client);
    const cookie = client.cookies.get(OAUTH_COOKIE)!;
    await expectInvalidState(client, callbackUrl({ code: 'gh_code', state: 'forged-state' }), upstream);
    client.cookies.set(OAUTH_COOKIE, cookie); // even with a copy of the old cookie
    await expectInvalidState(
      client,
      callbackUrl({ code: 'gh_code', state: authorize.searchParams.get('state')! }),
      upstream,
    );
  });

  test('no attempt cookie (the sign-in began in another browser) → 400', async ({ client, upstream }) => {
    const authorize = await startSignIn(client);
    client.cookies.delete(OAUTH_COOKIE);
    await expectInvalidState(
      client,
      callbackUrl({ code: 'gh_code', state: authorize.searchParams.get('state')! }),
      upstream,
    );
  });

  test('a tampered attempt cookie → 400', async ({ client, upstream }) => {
    const authorize = await startSignIn(client);
    client.cookies.set(OAUTH_COOKIE, `${client.cookies.get(OAUTH_COOKIE)}x`);
    await expectInvalidState(
      client,
      callbackUrl({ code: 'gh_code', state: authorize.searchParams.get('state')! }),
      upstream,
    );
  });

  test('state given twice → 400', async ({ client, upstream }) => {
    const state = (await startSignIn(client)).searchParams.get('state')!;
    await expectInvalidState(client, `/oauth/callback?code=gh_code&state=${state}&state=${state}`, upstream);
  });

  test.for<[string, number, number]>([
    ['10 minutes and 1 ms later → 400 (expired)', 10 * 60 * 1000 + 1, 400],
    ['9 minutes 59 seconds later → still good', 10 * 60 * 1000 - 1000, 302],
  ])('%s', async ([, elapsed, status], { client }) => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      const state = (await startSignIn(client)).searchParams.get('state')!;
      vi.setSystemTime(Date.now() + elapsed);
      const response = await client.get(callbackUrl({ code: 'gh_code', state }));
      expect(response.statusCode).toBe(status);
    } finally {
      vi.useRealTimers();
    }
  });

  test('replayed: the same callback again, with a copy of the cookie → 400, nothing sent upstream', async ({
    client,
    upstream,
  }) => {
    const state = (await startSignIn(client)).searchParams.get('state')!;
    const attemptCookie = client.cookies.get(OAUTH_COOKIE)!;
    const url = callbackUrl({ code: 'gh_code', state });
    expect((await client.get(url)).statusCode).toBe(302);
    const sentBefore = upstream.sent.length;

    client.cookies.set(OAUTH_COOKIE, attemptCookie);
    const replay = await client.get(url);
    expect(replay.statusCode).toBe(400);
    expect(replay.json()).toEqual({ error: 'invalid state' });
    expect(upstream.sent).toHaveLength(sentBefore);
  });

  test('a browser gets the friendly page for a bad state', async ({ client }) => {
    await startSignIn(client);
    const response = await client.get(callbackUrl({ code: 'gh_code', state: 'nope' }), {
      headers: { accept: 'text/html' },
    });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('expired, was already used, or began in another browser');
    expect(response.body).toContain('href="/login">Try again</a>');
  });
});

describe('the callback without a usable code', () => {
  test('a code of exactly 512 characters (the longest taken) is sent to GitHub as it came', async ({
    client,
    upstream,
  }) => {
    const code = 'c'.repeat(512);
    const state = (await startSignIn(client)).searchParams.get('state')!;
    const response = await client.get(callbackUrl({ code, state }));
    expect(response.statusCode).toBe(302);
    expect(response.headers.location).toBe('/dashboard');
    expect(new URLSearchParams(await upstream.sent[0]!.text()).get('code')).toBe(code);
  });

  test.for<[string, Record<string, string>, string]>([
    ['the user said no at GitHub', { error: 'access_denied', error_description: 'denied' }, 'sign-in cancelled'],
    ['no code', {}, 'invalid code'],
    ['an empty code', { code: '' }, 'invalid code'],
    ['a code of 513 characters, one over the longest taken', { code: 'x'.repeat(513) }, 'invalid code'],
  ])('%s → 400, nothing sent upstream, no session', async ([, params, error], { client, db, upstream }) => {
    const state = (await startSignIn(client)).searchParams.get('state')!;
    const response = await client.get(callbackUrl({ ...params, state }));
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({ error });
    expect(upstream.sent).toEqual([]);
    expect(await leftovers(db)).toEqual({ users: 0, sessions: 0, attempts: 0 });
  });
});
