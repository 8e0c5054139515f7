/**
 * A cookie is cleared only by a Set-Cookie with its name and the Path it was set with: a browser
 * keeps a cookie of another Path alongside. Every response that clears the session cookie (Path=/)
 * or the sign-in attempt's (Path=/oauth) says so, already expired.
 */
import type { Response as InjectResponse } from 'light-my-request';
import { OAUTH_COOKIE } from '../../src/auth/routes.ts';
import { SESSION_COOKIE } from '../../src/auth/session-plugin.ts';
import { SESSION_TTL_MS } from '../../src/auth/sessions.ts';
import { describe, expect, test } from '../fixtures.ts';
import { github, signInThroughGithub, startSignIn } from '../support/github.ts';

const HOUR_MS = 3_600_000;

/** The one Set-Cookie header for `name`, as its value and attributes (names lower-cased). */
function setCookie(response: InjectResponse, name: string): { value: string; attributes: Map<string, string> } {
  const headers = ([] as string[]).concat(response.headers['set-cookie'] ?? []);
  const mine = headers.filter((header) => header.startsWith(`${name}=`));
  expect(mine).toHaveLength(1);
  const [pair, ...attributes] = mine[0]!.split('; ');
  return {
    value: pair!.slice(name.length + 1),
    attributes: new Map(
      attributes.map((attribute) => {
        const [key, ...value] = attribute.split('=');
        return [key!.toLowerCase(), value.join('=')];
      }),
    ),
  };
}

/** Asserts the response clears `name` on exactly `path`: empty, Max-Age=0 and an Expires in the past. */
function expectCleared(response: InjectResponse, name: string, path: string): void {
  const { value, attributes } = setCookie(response, name);
  expect(value).toBe('');
  expect(attributes.get('path')).toBe(path);
  expect(attributes.get('max-age')).toBe('0');
  expect(Date.parse(attributes.get('expires') ?? '')).toBeLessThan(Date.now());
}

describe('the session cookie is cleared on Path=/, where it was set', () => {
  test('the Path it is set with is /', async ({ client }) => {
    const response = await signInThroughGithub(client);
    expect(setCookie(response, SESSION_COOKIE).attributes.get('path')).toBe('/');
  });

  test('by signing out', async ({ authenticatedClient }) => {
    expectCleared(await authenticatedClient.post('/logout'), SESSION_COOKIE, '/');
  });

  test('when the cookie is forged', async ({ client }) => {
    client.cookies.set(SESSION_COOKIE, 'forged.value');
    expectCleared(await client.get('/dashboard'), SESSION_COOKIE, '/');
  });

  test('when its session has expired', async ({ authenticatedClient, db }) => {
    await db
      .updateTable('sessions')
      .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .execute();
    expectCleared(await authenticatedClient.get('/dashboard'), SESSION_COOKIE, '/');
  });
});

describe('one Set-Cookie for the session per response: never set and cleared at once', () => {
  test('a callback carrying a forged session cookie sets the new session, and does not clear it', async ({
    client,
  }) => {
    const state = (await startSignIn(client)).searchParams.get('state')!;
    client.cookies.set(SESSION_COOKIE, 'forged.value'); // after /oauth/login, so the callback brings it
    const response = await client.get(`/oauth/callback?code=gh_code_0123456789&state=${state}`);
    expect(response.statusCode).toBe(302);
    expect(setCookie(response, SESSION_COOKIE).value).not.toBe('');
  });

  test('signing out with a session due for renewal clears it, and does not renew it', async ({
    authenticatedClient,
    db,
  }) => {
    const dueForRenewal = () =>
      db
        .updateTable('sessions')
        .set({ expires_at: new Date(Date.now() + SESSION_TTL_MS - 2 * HOUR_MS).toISOString() })
        .execute();
    await dueForRenewal();
    expect(setCookie(await authenticatedClient.get('/dashboard'), SESSION_COOKIE).value).not.toBe(''); // renewed
    await dueForRenewal();
    expectCleared(await authenticatedClient.post('/logout'), SESSION_COOKIE, '/');
  });
});

describe('the sign-in attempt cookie is cleared on Path=/oauth, where it was set', () => {
  test('the Path it is set with is /oauth', async ({ client }) => {
    expect(setCookie(await client.get('/oauth/login'), OAUTH_COOKIE).attributes.get('path')).toBe('/oauth');
  });

  test('by a callback that signs in', async ({ client }) => {
    const response = await signInThroughGithub(client);
    expect(response.statusCode).toBe(302);
    expectCleared(response, OAUTH_COOKIE, '/oauth');
  });

  test('by a callback whose sign-in fails', async ({ client, upstream }) => {
    upstream.use(github.token.status(500));
    const response = await signInThroughGithub(client);
    expect(response.statusCode).toBe(502);
    expectCleared(response, OAUTH_COOKIE, '/oauth');
  });

  test('by a callback with a forged attempt cookie', async ({ client }) => {
    const state = (await startSignIn(client)).searchParams.get('state')!;
    client.cookies.set(OAUTH_COOKIE, 'forged.value');
    const response = await client.get(`/oauth/callback?code=c&state=${state}`);
    expect(response.statusCode).toBe(400);
    expectCleared(response, OAUTH_COOKIE, '/oauth');
  });
});
