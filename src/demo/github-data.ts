/**
 * Canned GitHub data, in the real response shapes of GitHub's OAuth token
 * endpoint and REST `GET /user`. One source for two users: demo mode's fake
 * GitHub (demo/github-provider.ts) and the test suite's msw handlers
 * (test/support/github.ts).
 */

/** The fields of GitHub's `GET /user` that Skydeck reads. */
export interface GithubUserFields {
  id: number;
  login: string;
  name: string | null;
  avatar_url: string | null;
  location: string | null;
}

/** Who signs in through the demo GitHub. Demo data (saved cities, history) is seeded for this user. */
export const DEMO_GITHUB_USER: Readonly<GithubUserFields> = Object.freeze({
  id: 1000001,
  login: 'skydeck-demo',
  name: 'Demo User',
  avatar_url: null,
  location: 'Dublin',
});

/** A `GET /user` body: the fields Skydeck reads plus a few of the many GitHub sends and Skydeck ignores. */
export function githubUserBody(user: GithubUserFields): Record<string, unknown> {
  return {
    ...user,
    node_id: `U_demo${user.id}`,
    html_url: `https://github.com/${user.login}`,
    type: 'User',
    site_admin: false,
    company: null,
    blog: '',
    email: null,
    bio: null,
    public_repos: 3,
    followers: 1,
    following: 0,
    created_at: '2020-01-01T00:00:00Z',
    updated_at: '2026-11-01T00:00:00Z',
  };
}

/** The token endpoint's success body (with `Accept: application/json`). */
export function githubTokenBody(accessToken: string): Record<string, unknown> {
  return { access_token: accessToken, token_type: 'bearer', scope: 'read:user' };
}

/** GitHub answers a bad, expired or reused code with 200 and this body, not a 4xx. */
export const BAD_VERIFICATION_CODE_BODY = Object.freeze({
  error: 'bad_verification_code',
  error_description: 'The code passed is incorrect or expired.',
  error_uri:
    'https://docs.github.com/apps/managing-oauth-apps/troubleshooting-oauth-app-access-token-request-errors/#bad-verification-code',
});

/** `GET /user` with a missing, revoked or wrong token: 401 and this body. */
export const BAD_CREDENTIALS_BODY = Object.freeze({
  message: 'Bad credentials',
  documentation_url: 'https://docs.github.com/rest',
  status: '401',
});
