/**
 * Demo mode's GitHub: with no GITHUB_CLIENT_ID the whole sign-in runs offline,
 * through the same client code as the real one (oauth4webapi, fetchJson), and
 * the fake checks what GitHub checks — PKCE included.
 */
import { GITHUB_TIMEOUT_MS, githubSettings } from '../../src/auth/github.ts';
import { DEMO_GITHUB_USER } from '../../src/demo/github-data.ts';
import {
  DEMO_GITHUB_CLIENT_ID,
  DEMO_GITHUB_TOKEN,
  demoGithubFetch,
  demoGithubSettings,
  issueCode,
  pkceChallenge,
} from '../../src/demo/github-provider.ts';
import { globalFetch } from '../../src/http/upstream.ts';
import { describe, expect, test } from '../fixtures.ts';
import { TestClient } from '../support/client.ts';
import { testConfig } from '../support/config.ts';
import { startSignIn } from '../support/github.ts';

const PUBLIC_URL = 'http://localhost:3000';
const CALLBACK = `${PUBLIC_URL}/oauth/callback`;
const asBrowser = { headers: { accept: 'text/html' } };

/** The hidden inputs and action of the authorize page's "Continue" form, as a browser would submit it. */
function continueUrl(page: string): string {
  const action = /<form method="get" action="([^"]+)">/.exec(page)?.[1];
  const inputs = [...page.matchAll(/<input type="hidden" name="(\w+)" value="([^"]*)">/g)];
  if (!action || inputs.length === 0) throw new Error('no Continue form on the page');
  const url = new URL(action);
  for (const [, name, value] of inputs) url.searchParams.set(name!, value!);
  return `${url.pathname}${url.search}`;
}

async function openAuthorizePage(client: TestClient) {
  const authorize = await startSignIn(client);
  return client.get(`${authorize.pathname}${authorize.search}`, asBrowser);
}

describe('demo sign-in (no GITHUB_CLIENT_ID)', () => {
  test.override('config', () => testConfig({ GITHUB_CLIENT_ID: '', GITHUB_CLIENT_SECRET: '' }));

  test('the login page says it is demo mode', async ({ client }) => {
    expect((await client.get('/login', asBrowser)).body).toContain('Demo mode');
  });

  test('/oauth/login sends the browser to the demo authorize page, with real OAuth parameters', async ({ client }) => {
    const authorize = await startSignIn(client);
    expect(`${authorize.origin}${authorize.pathname}`).toBe(`${PUBLIC_URL}/demo/github/login/oauth/authorize`);
    expect(Object.fromEntries(authorize.searchParams)).toMatchObject({
      client_id: DEMO_GITHUB_CLIENT_ID,
      redirect_uri: CALLBACK,
      code_challenge_method: 'S256',
    });
  });

  test('runs end to end offline: authorize page → "Continue as demo user" → /dashboard', async ({
    client,
    upstream,
  }) => {
    const page = await openAuthorizePage(client);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<button type="submit">Continue as demo user</button>');

    const callback = await client.get(continueUrl(page.body));
    expect(callback.statusCode).toBe(302);
    expect(callback.headers.location).toBe('/dashboard');
    const dashboard = await client.get('/dashboard');
    expect(dashboard.json()).toMatchObject({ username: DEMO_GITHUB_USER.login });
    expect(upstream.sent).toEqual([]); // nothing left the process
  });

  test('the demo user is stored with exactly the demo profile', async ({ client, db }) => {
    await client.get(continueUrl((await openAuthorizePage(client)).body));
    expect(await db.selectFrom('users').selectAll().executeTakeFirst()).toMatchObject({
      github_id: DEMO_GITHUB_USER.id,
      login: DEMO_GITHUB_USER.login,
      name: DEMO_GITHUB_USER.name,
      avatar_url: DEMO_GITHUB_USER.avatar_url,
      location: DEMO_GITHUB_USER.location,
    });
  });

  test('"Cancel" returns to the callback as GitHub does on a refusal: 400, no session', async ({ client }) => {
    const page = await openAuthorizePage(client);
    const cancel = /<a href="([^"]+)">Cancel<\/a>/.exec(page.body)![1]!.replaceAll('&amp;', '&');
    const response = await client.get(cancel.slice(PUBLIC_URL.length));
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({ error: 'sign-in cancelled' });
    expect((await client.get('/dashboard')).statusCode).toBe(302);
  });

  test('a code used with another browser’s verifier is refused by the fake’s PKCE check → 502', async ({
    app,
    client,
    config,
  }) => {
    const code = new URL(continueUrl((await openAuthorizePage(client)).body), PUBLIC_URL).searchParams.get('code')!;
    // A second browser, with its own attempt (own state and verifier), presents the first one's code.
    const other = new TestClient(app, config.publicUrl);
    const state = (await startSignIn(other)).searchParams.get('state')!;
    const response = await other.get(`/oauth/callback?${new URLSearchParams({ code, state })}`);
    expect(response.statusCode).toBe(502);
    expect(response.json()).toEqual({ error: 'token exchange failed' });
  });

  test.for<[string, Record<string, string>]>([
    ['an unknown client_id', { client_id: 'someone-else' }],
    ['another redirect_uri', { redirect_uri: 'https://evil.example/callback' }],
    ['no state', { state: '' }],
    ['no code_challenge', { code_challenge: '' }],
    ['the plain PKCE method', { code_challenge_method: 'plain' }],
  ])('the authorize page refuses %s with a 400 page', async ([, change], { client }) => {
    const authorize = await startSignIn(client);
    for (const [name, value] of Object.entries(change)) authorize.searchParams.set(name, value);
    const response = await client.get(`${authorize.pathname}${authorize.search}`, asBrowser);
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('Demo GitHub refused this sign-in');
    expect(response.body).not.toContain('Continue as demo user');
  });
});

describe('with GitHub credentials configured', () => {
  test('there is no demo GitHub', async ({ client }) => {
    const response = await client.get('/demo/github/login/oauth/authorize?client_id=x');
    expect(response.statusCode).toBe(404);
  });

  test('the client talks to the configured GitHub through the app’s fetch', () => {
    const settings = githubSettings(testConfig({ GITHUB_OAUTH_URL: 'https://ghe.example' }), globalFetch);
    expect(settings).toEqual({
      clientId: 'test_client_id',
      clientSecret: 'test_client_secret',
      oauthUrl: 'https://ghe.example',
      apiUrl: 'https://api.github.com',
      redirectUri: CALLBACK,
      timeoutMs: GITHUB_TIMEOUT_MS,
      fetch: globalFetch,
    });
  });

  test('without credentials it talks to the fake, in-process', () => {
    const settings = githubSettings(testConfig({ GITHUB_CLIENT_ID: '', GITHUB_CLIENT_SECRET: '' }), globalFetch);
    expect(settings).toMatchObject({ ...demoGithubSettings(PUBLIC_URL), redirectUri: CALLBACK });
    expect(settings.fetch).toBe(demoGithubFetch);
  });
});

describe('the demo token and /user endpoints', () => {
  const tokenUrl = `${PUBLIC_URL}/demo/github/login/oauth/access_token`;
  const verifier = 'v'.repeat(43);
  const goodCode = () => issueCode({ challenge: pkceChallenge(verifier), redirectUri: CALLBACK });
  const exchange = (form: Record<string, string>) =>
    demoGithubFetch(tokenUrl, { method: 'POST', body: new URLSearchParams(form) }).then((r) => r.json());
  const settings = demoGithubSettings(PUBLIC_URL);
  const credentials = { client_id: settings.clientId, client_secret: settings.clientSecret };

  test('a code with its verifier and redirect_uri → a bearer token', async () => {
    const body = await exchange({ ...credentials, code: goodCode(), code_verifier: verifier, redirect_uri: CALLBACK });
    expect(body).toEqual({ access_token: DEMO_GITHUB_TOKEN, token_type: 'bearer', scope: 'read:user' });
  });

  test.for<[string, Record<string, string>, string]>([
    ['the wrong verifier', { code_verifier: 'w'.repeat(43) }, 'bad_verification_code'],
    ['no verifier', { code_verifier: '' }, 'bad_verification_code'],
    ['another redirect_uri', { redirect_uri: 'http://elsewhere/cb' }, 'bad_verification_code'],
    ['a code it never issued', { code: 'gh_real_code' }, 'bad_verification_code'],
    ['a forged demo code', { code: 'demo_bm90IGpzb24' }, 'bad_verification_code'],
    [
      'a demo code of the wrong shape',
      { code: `demo_${Buffer.from('{"x":1}').toString('base64url')}` },
      'bad_verification_code',
    ],
    ['the wrong client secret', { client_secret: 'nope' }, 'incorrect_client_credentials'],
  ])('%s → 200 with GitHub’s error body', async ([, change, error]) => {
    const form = { ...credentials, code: goodCode(), code_verifier: verifier, redirect_uri: CALLBACK, ...change };
    expect(await exchange(form)).toMatchObject({ error });
  });

  test('/user with the demo token → the demo user; with anything else → 401 Bad credentials', async () => {
    const user = (token: string) =>
      demoGithubFetch(`${settings.apiUrl}/user`, { headers: { authorization: `Bearer ${token}` } });
    const ok = await user(DEMO_GITHUB_TOKEN);
    expect(await ok.json()).toMatchObject(DEMO_GITHUB_USER);
    const bad = await user('gho_stolen');
    expect(bad.status).toBe(401);
    expect(await bad.json()).toMatchObject({ message: 'Bad credentials' });
  });

  test('anything else → 404', async () => {
    expect((await demoGithubFetch(`${settings.apiUrl}/repos`)).status).toBe(404);
  });
});
