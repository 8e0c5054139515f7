/**
 * GitHub as the tests see it: msw answers the token endpoint and `GET /user`
 * from the same data as demo mode's fake GitHub. Happy path by default; each
 * failure mode is one call away. Plus the browser's half of the OAuth dance.
 */
import { delay, HttpResponse, http, type JsonBodyType } from 'msw';
import { BAD_CREDENTIALS_BODY, DEMO_GITHUB_USER, githubTokenBody, githubUserBody } from '../../src/demo/github-data.ts';
import type { TestClient } from './client.ts';

export const GITHUB_AUTHORIZE_URL = 'https://github.com/login/oauth/authorize';
export const GITHUB_TOKEN_URL = 'https://github.com/login/oauth/access_token';
export const GITHUB_USER_URL = 'https://api.github.com/user';
/** What the mock token endpoint issues, and the only token its /user accepts. */
export const GITHUB_TEST_TOKEN = 'gho_TestToken0123456789abcdefghijklmnopqr';
/** Who signs in through the mock GitHub: the demo user, as in demo mode. */
export const GITHUB_TEST_USER = DEMO_GITHUB_USER;

export const githubHandlers = [
  http.post(GITHUB_TOKEN_URL, () => HttpResponse.json(githubTokenBody(GITHUB_TEST_TOKEN))),
  http.get(GITHUB_USER_URL, ({ request }) =>
    request.headers.get('authorization') === `Bearer ${GITHUB_TEST_TOKEN}`
      ? HttpResponse.json(githubUserBody(GITHUB_TEST_USER))
      : HttpResponse.json(BAD_CREDENTIALS_BODY, { status: 401 }),
  ),
];

type Endpoint = { url: string; on: typeof http.post | typeof http.get };
const endpoints = {
  token: { url: GITHUB_TOKEN_URL, on: http.post },
  user: { url: GITHUB_USER_URL, on: http.get },
} satisfies Record<string, Endpoint>;

/** One-off answers for failure tables: `upstream.use(github.token.status(500))`. */
function failures({ url, on }: Endpoint) {
  return {
    status: (
      status: number,
      body: JsonBodyType = { message: 'error' },
      headers: Record<string, string> = {},
      options: { once?: boolean } = {},
    ) => on(url, () => HttpResponse.json(body, { status, headers }), options),
    body: (body: JsonBodyType) => on(url, () => HttpResponse.json(body)),
    text: (text: string, status = 200) => on(url, () => HttpResponse.text(text, { status })),
    networkError: () => on(url, () => HttpResponse.error()),
    hang: () =>
      on(url, async () => {
        await delay('infinite');
        return HttpResponse.json({});
      }),
  };
}

export const github = { token: failures(endpoints.token), user: failures(endpoints.user) };

/** GET /oauth/login as a browser: the authorize URL the app sent it to. */
export async function startSignIn(client: TestClient): Promise<URL> {
  const response = await client.get('/oauth/login');
  if (response.statusCode !== 302) throw new Error(`/oauth/login answered ${response.statusCode}`);
  return new URL(String(response.headers.location));
}

/**
 * The whole browser side of a sign-in: start, "consent" at GitHub (which
 * sends the browser back with a code and the state), and the callback's answer.
 */
export async function signInThroughGithub(client: TestClient, code = 'gh_code_0123456789', headers = {}) {
  const authorize = await startSignIn(client);
  const state = authorize.searchParams.get('state') ?? '';
  return client.get(`/oauth/callback?${new URLSearchParams({ code, state })}`, { headers });
}
