/** The GitHub client on its own, without an app: URLs, profile parsing, and what its errors say. */
import { HttpResponse, http, type RequestHandler } from 'msw';
import {
  createGithubClient,
  GITHUB_TIMEOUT_MS,
  type GithubClientOptions,
  GithubError,
  githubRefusal,
  judgeGithubError,
  parseGithubUser,
} from '../../src/auth/github.ts';
import { BAD_VERIFICATION_CODE_BODY, DEMO_GITHUB_USER, githubUserBody } from '../../src/demo/github-data.ts';
import type { Verdict } from '../../src/http/provider-guard.ts';
import { globalFetch, MAX_BODY_BYTES } from '../../src/http/upstream.ts';
import { describe, expect, test, vi } from '../fixtures.ts';
import { GITHUB_TEST_USER, GITHUB_TOKEN_URL, GITHUB_USER_URL, github } from '../support/github.ts';

const options: GithubClientOptions = {
  clientId: 'cid',
  clientSecret: 'csecret',
  oauthUrl: 'https://github.com',
  apiUrl: 'https://api.github.com',
  redirectUri: 'https://skydeck.example/oauth/callback',
  timeoutMs: GITHUB_TIMEOUT_MS,
  fetch: globalFetch,
};
const client = () => createGithubClient(options);

describe('authorizeUrl', () => {
  test("GitHub's authorize endpoint with every parameter, encoded", () => {
    const url = new URL(client().authorizeUrl('st/ate+1', 'chal'));
    expect(`${url.origin}${url.pathname}`).toBe('https://github.com/login/oauth/authorize');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: 'cid',
      redirect_uri: 'https://skydeck.example/oauth/callback',
      scope: 'read:user',
      state: 'st/ate+1',
      code_challenge: 'chal',
      code_challenge_method: 'S256',
    });
  });
});

describe('signIn', () => {
  test('returns the profile GitHub describes', async () => {
    await expect(client().signIn('code', 'v'.repeat(43))).resolves.toEqual({
      githubId: GITHUB_TEST_USER.id,
      login: GITHUB_TEST_USER.login,
      name: GITHUB_TEST_USER.name,
      avatarUrl: GITHUB_TEST_USER.avatar_url,
      location: GITHUB_TEST_USER.location,
    });
  });

  test.for<[string, () => RequestHandler, RegExp]>([
    [
      'an OAuth error status names the error code',
      () => github.token.status(401, { error: 'invalid_client' }),
      /\(invalid_client\)$/,
    ],
    [
      'a 200 error body names the error code',
      () => github.token.body({ error: 'bad_verification_code' }),
      /\(bad_verification_code\)$/,
    ],
    [
      'a body over 1 MB names the endpoint',
      () => github.token.text(' '.repeat(MAX_BODY_BYTES + 1)),
      /POST \/login\/oauth\/access_token answered a body over/,
    ],
    [
      'a 200 that is not JSON says so',
      () =>
        http.post(
          GITHUB_TOKEN_URL,
          () => new HttpResponse('<html>', { headers: { 'content-type': 'application/json' } }),
        ),
      /failed to parse "response" body as JSON/,
    ],
    [
      'a status without an OAuth body says so',
      () => github.token.status(503, { message: 'down' }),
      /unexpected HTTP status code/,
    ],
  ])('token failure: %s', async ([, handler, message], { upstream }) => {
    upstream.use(handler());
    const error = await client()
      .signIn('code', 'v'.repeat(43))
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(GithubError);
    expect(error).toMatchObject({ failure: 'token', message: expect.stringMatching(message) });
    expect((error as Error).cause).toBeUndefined(); // a cause could carry the response body, token and all
  });

  test.for<[string, unknown]>([
    ['a string', 'socket hang up'],
    ['nothing', undefined],
  ])('a fetch that rejects with %s is still a token failure, never an escape', async ([, reason]) => {
    const throwing = createGithubClient({ ...options, fetch: () => Promise.reject(reason) });
    await expect(throwing.signIn('code', 'v'.repeat(43))).rejects.toMatchObject({
      failure: 'token',
      message: `token exchange failed: ${String(reason)}`,
    });
  });

  test('an empty code is a token failure, never an escape', async () => {
    await expect(client().signIn('', 'v'.repeat(43))).rejects.toMatchObject({ failure: 'token' });
  });

  test('GET /user names the REST API version Skydeck was written against', async ({ upstream }) => {
    await client().signIn('code', 'v'.repeat(43));
    const user = upstream.sent.find((request) => request.url === GITHUB_USER_URL);
    expect(user?.headers.get('x-github-api-version')).toBe('2022-11-28');
  });

  test('/user failure: the status, as a profile failure', async ({ upstream }) => {
    upstream.use(github.user.status(401));
    await expect(client().signIn('code', 'v'.repeat(43))).rejects.toMatchObject({
      failure: 'profile',
      message: 'GET /user answered 401',
    });
  });
});

describe("judgeGithubError: whose doing a failed sign-in was, for GitHub's breaker", () => {
  test.for<[string, () => RequestHandler, Verdict]>([
    ['token 500', () => github.token.status(500), { outcome: 'error' }],
    ['token network error', () => github.token.networkError(), { outcome: 'error' }],
    ['token 200 that is not JSON', () => github.token.text('<html>'), { outcome: 'error' }],
    ['token 200 without a token', () => github.token.body({ token_type: 'bearer' }), { outcome: 'error' }],
    ['token body over 1 MB', () => github.token.text(' '.repeat(MAX_BODY_BYTES + 1)), { outcome: 'error' }],
    ['token 200 with a non-string error and no token', () => github.token.body({ error: 42 }), { outcome: 'error' }],
    ['token 300 without an OAuth body', () => github.token.status(300), { outcome: 'not_found' }],
    ['token 404 without an OAuth body', () => github.token.status(404), { outcome: 'not_found' }],
    ['token 200 bad_verification_code', () => github.token.body(BAD_VERIFICATION_CODE_BODY), { outcome: 'not_found' }],
    [
      'token 400 invalid_request',
      () => github.token.status(400, { error: 'invalid_request' }),
      { outcome: 'not_found' },
    ],
    [
      'token 429',
      () => github.token.status(429, {}, { 'retry-after': '9' }),
      { outcome: 'rate_limited', retryAfterS: 9 },
    ],
    [
      'token 403 with Retry-After',
      () => github.token.status(403, {}, { 'retry-after': '9' }),
      { outcome: 'rate_limited', retryAfterS: 9 },
    ],
    ['/user 401', () => github.user.status(401), { outcome: 'not_found' }],
    ['/user 403 without rate-limit headers', () => github.user.status(403), { outcome: 'not_found' }],
    ['/user 500', () => github.user.status(500), { outcome: 'error' }],
    [
      '/user 503 with Retry-After (not a rate limit)',
      () => github.user.status(503, {}, { 'retry-after': '9' }),
      { outcome: 'error' },
    ],
    [
      '/user 202: a 2xx without a profile',
      () => github.user.status(202, { message: 'accepted' }),
      { outcome: 'error' },
    ],
    ['/user unexpected body', () => github.user.body({ login: 'x' }), { outcome: 'error' }],
    ['/user network error', () => github.user.networkError(), { outcome: 'error' }],
    ['/user 429', () => github.user.status(429), { outcome: 'rate_limited', retryAfterS: 60 }],
  ])('%s', async ([, handler, verdict], { upstream }) => {
    upstream.use(handler());
    const error = await client()
      .signIn('code', 'v'.repeat(43))
      .catch((caught: unknown) => caught);
    expect(judgeGithubError(error)).toEqual(verdict);
  });

  test.for<[string, () => RequestHandler]>([
    ['the token endpoint', () => github.token.hang()],
    ['/user', () => github.user.hang()],
  ])('%s timing out is a timeout', async ([, hang], { upstream }) => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      upstream.use(hang());
      const pending = client()
        .signIn('code', 'v'.repeat(43))
        .catch((caught: unknown) => caught);
      await vi.advanceTimersByTimeAsync(GITHUB_TIMEOUT_MS);
      expect(judgeGithubError(await pending)).toEqual({ outcome: 'timeout' });
    } finally {
      vi.useRealTimers();
    }
  });

  test('a refusal: GitHub was not asked, for how long, and it says so', () => {
    expect(githubRefusal(7)).toMatchObject({
      failure: 'unavailable',
      retryAfterS: 7,
      message: 'GitHub is not being asked for 7 s',
    });
  });

  test('anything but a GithubError is an error', () => {
    expect(judgeGithubError(new Error('?'))).toEqual({ outcome: 'error' });
  });
});

describe('parseGithubUser', () => {
  test("takes GitHub's full /user body, keeps five fields", () => {
    expect(parseGithubUser(githubUserBody(DEMO_GITHUB_USER))).toEqual({
      githubId: 1000001,
      login: 'skydeck-demo',
      name: 'Demo User',
      avatarUrl: null,
      location: 'Dublin',
    });
  });

  test('name, avatar and location may be absent: null', () => {
    expect(parseGithubUser({ id: 5, login: 'x' })).toEqual({
      githubId: 5,
      login: 'x',
      name: null,
      avatarUrl: null,
      location: null,
    });
  });

  test.for<[string, unknown, string]>([
    ['null', null, '/: must be object'],
    ['an array', [{ id: 1, login: 'x' }], '/: must be object'],
    ['a string id', { id: '1', login: 'x' }, '/id: must be integer'],
    ['a fractional id', { id: 1.5, login: 'x' }, '/id: must be integer'],
    ['id 0', { id: 0, login: 'x' }, '/id: must be >= 1'],
    ['no login', { id: 1 }, '/: must have required properties login'],
    ['an empty login', { id: 1, login: '' }, '/login: must not have fewer than 1 characters'],
    ['a numeric name', { id: 1, login: 'x', name: 7 }, '/name: must be string'],
  ])('%s → a profile failure naming what is wrong: (%s)', ([, body, where]) => {
    let error: unknown;
    try {
      parseGithubUser(body);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(GithubError);
    expect(error).toMatchObject({ failure: 'profile', fault: 'error' });
    expect((error as Error).message).toBe(`GET /user answered an unexpected body (${where})`);
  });
});
