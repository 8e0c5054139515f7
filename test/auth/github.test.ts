/** The GitHub client on its own, without an app: URLs, profile parsing, and what its errors say. */
import {
  createGithubClient,
  GITHUB_TIMEOUT_MS,
  type GithubClientOptions,
  GithubError,
  parseGithubUser,
} from '../../src/auth/github.js';
import { DEMO_GITHUB_USER, githubUserBody } from '../../src/demo/github-data.js';
import { globalFetch } from '../../src/http/upstream.js';
import { describe, expect, test } from '../fixtures.js';
import { GITHUB_TEST_USER, github } from '../support/github.js';

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

  test.for<[string, () => ReturnType<typeof github.token.status>, RegExp]>([
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

  test('a fetch that throws a non-Error is still a token failure, never an escape', async () => {
    const throwing = createGithubClient({ ...options, fetch: () => Promise.reject('socket hang up') });
    await expect(throwing.signIn('code', 'v'.repeat(43))).rejects.toMatchObject({
      failure: 'token',
      message: 'token exchange failed: socket hang up',
    });
  });

  test('/user failure: the status, as a profile failure', async ({ upstream }) => {
    upstream.use(github.user.status(401));
    await expect(client().signIn('code', 'v'.repeat(43))).rejects.toMatchObject({
      failure: 'profile',
      message: 'GET /user answered 401',
    });
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

  test.for<[string, unknown]>([
    ['null', null],
    ['an array', [{ id: 1, login: 'x' }]],
    ['a string id', { id: '1', login: 'x' }],
    ['a fractional id', { id: 1.5, login: 'x' }],
    ['id 0', { id: 0, login: 'x' }],
    ['no login', { id: 1 }],
    ['a numeric name', { id: 1, login: 'x', name: 7 }],
  ])('%s → a profile failure naming what is wrong', ([, body]) => {
    expect(() => parseGithubUser(body)).toThrow(GithubError);
    expect(() => parseGithubUser(body)).toThrow(/^GET \/user answered an unexpected body \(.+\)$/);
  });
});
