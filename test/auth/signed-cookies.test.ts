/**
 * SECRET_KEY signs the session and sign-in-attempt cookies (HMAC through
 * @fastify/cookie): a cookie that does not verify is signed out before any
 * database query, and several comma-separated keys let a key be rotated without
 * signing anyone out (the first signs, all verify).
 */
import { buildApp } from '../../src/app.ts';
import { OAUTH_COOKIE } from '../../src/auth/routes.ts';
import { SESSION_COOKIE } from '../../src/auth/session-plugin.ts';
import { SESSION_TTL_MS } from '../../src/auth/sessions.ts';
import type { Database } from '../../src/db/database.ts';
import { describe, expect, test, vi } from '../fixtures.ts';
import { TestClient } from '../support/client.ts';
import { testConfig } from '../support/config.ts';
import { signInThroughGithub, startSignIn } from '../support/github.ts';
import { collectLogs } from '../support/logs.ts';
import { cookieSigner, readSession, sessionTokenOf, signIn } from '../support/sessions.ts';
import { TEST_USER } from '../support/users.ts';

const NEW_KEY = 'new-key-0123456789-0123456789-0123456789';
const OLD_KEY = 'old-key-9876543210-9876543210-9876543210';
const HOUR = 60 * 60 * 1000;

/** Every SQL statement the app runs from now on, through the worker's Kysely (whichever the database). */
function watchQueries(db: Database): () => string[] {
  const execute = vi.spyOn(db.getExecutor(), 'executeQuery');
  return () => execute.mock.calls.map(([query]) => query.sql);
}

describe('a session cookie that does not verify', () => {
  test.for<[string, (token: string, keys: readonly string[]) => string]>([
    ['unsigned, as Skydeck issued it before signing', (token) => token],
    ['signed with a key not in SECRET_KEY', (token) => cookieSigner([OLD_KEY]).sign(token)],
    [
      "a live token with another token's signature",
      (token, keys) => `${token}.${cookieSigner(keys).sign('A'.repeat(43)).split('.')[1]}`,
    ],
    ['its signature with a character changed', (token, keys) => `${cookieSigner(keys).sign(token).slice(0, -1)}~`],
    ['empty', () => ''],
    ['a dot and nothing else', () => '.'],
  ])(
    '%s: signed out, the cookie cleared, and not one database query',
    async ([, forge], { authenticatedClient: client, config, db }) => {
      const token = sessionTokenOf(client, config.secretKeys)!;
      client.cookies.set(SESSION_COOKIE, forge(token, config.secretKeys));
      const queries = watchQueries(db);

      const response = await client.get('/dashboard');
      expect(response.statusCode).toBe(302);
      expect(response.headers.location).toBe('/login');
      expect(response.cookies.find((c) => c.name === SESSION_COOKIE)).toMatchObject({ value: '', maxAge: 0 });
      expect(queries()).toEqual([]);
      // Nor can a forged cookie touch the real session: it is still there for its owner.
      expect(await readSession(db, signedWith(client, token, config.secretKeys), config.secretKeys)).toBeDefined();
    },
  );

  test('the genuine cookie, by contrast, is looked up (the spy above sees queries when there are some)', async ({
    authenticatedClient,
    db,
  }) => {
    const queries = watchQueries(db);
    expect((await authenticatedClient.get('/dashboard')).statusCode).toBe(200);
    expect(queries().some((query) => query.includes('"sessions"'))).toBe(true);
  });

  test('/api answers 401 to a forged cookie, before any query', async ({ authenticatedClient, db }) => {
    authenticatedClient.cookies.set(SESSION_COOKIE, 'B'.repeat(43));
    const queries = watchQueries(db);
    const response = await authenticatedClient.get('/api/cities');
    expect(response.statusCode).toBe(401);
    expect(queries()).toEqual([]);
  });
});

/** A client carrying `token` signed with `keys`, as a browser that kept the cookie would. */
function signedWith(client: TestClient, token: string, keys: readonly string[]): TestClient {
  client.cookies.set(SESSION_COOKIE, cookieSigner(keys).sign(token));
  return client;
}

describe('rotation: SECRET_KEY="new,old"', () => {
  test.override('config', () => testConfig({ SECRET_KEY: `${NEW_KEY},${OLD_KEY}` }));

  test('a cookie signed with the old key still signs in; the response re-signs it with the new key and renews the session', async ({
    client,
    db,
    sessionOf,
  }) => {
    await signIn(db, client, [OLD_KEY], TEST_USER.id, { username: 'rotated' });
    const token = sessionTokenOf(client, [OLD_KEY])!;
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 5 * 60 * 1000 }); // well within the hour
    try {
      const response = await client.get('/dashboard');
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ user_id: TEST_USER.id, username: 'rotated' });
      const cookie = response.cookies.find((c) => c.name === SESSION_COOKIE);
      expect(cookie).toMatchObject({ httpOnly: true, path: '/', maxAge: SESSION_TTL_MS / 1000 });
      // The same session, now under the new key alone.
      expect(sessionTokenOf(client, [NEW_KEY])).toBe(token);
      expect((await sessionOf(client))?.expiresAt).toEqual(new Date(Date.now() + SESSION_TTL_MS));
      expect(await db.selectFrom('sessions').select('token_hash').execute()).toHaveLength(1);
      // Done once: the next response has nothing to re-sign.
      expect((await client.get('/dashboard')).headers['set-cookie']).toBeUndefined();
    } finally {
      vi.useRealTimers();
    }
  });

  test('re-signing waits for a response that may carry a cookie: never the stylesheet', async ({ client, db }) => {
    await signIn(db, client, [OLD_KEY], TEST_USER.id);
    const stylesheet = await client.get('/static/app.css');
    expect(stylesheet.headers['cache-control']).toBe('public, max-age=86400');
    expect(stylesheet.headers['set-cookie']).toBeUndefined();
    const page = await client.get('/', { headers: { accept: 'text/html' } });
    expect(page.cookies.map((c) => c.name)).toEqual([SESSION_COOKIE]);
    expect(sessionTokenOf(client, [NEW_KEY])).toBeDefined();
  });

  test('a cookie signed with the new key is simply used', async ({ authenticatedClient }) => {
    const response = await authenticatedClient.get('/dashboard');
    expect(response.statusCode).toBe(200);
    expect(response.headers['set-cookie']).toBeUndefined();
  });

  test('a sign-in signs with the first key', async ({ client }) => {
    await signInThroughGithub(client);
    expect(sessionTokenOf(client, [NEW_KEY])).toMatch(/^[\w-]{43}$/);
    expect(sessionTokenOf(client, [OLD_KEY])).toBeUndefined();
  });

  test('a sign-in begun before the rotation (attempt cookie signed with the old key) still finishes', async ({
    client,
    config,
    services,
    workerApps,
  }) => {
    // The app of the old key, over this test's services (the key changes cookies, not services).
    const before = new TestClient(
      await workerApps.get(testConfig({ SECRET_KEY: OLD_KEY }), services),
      config.publicUrl,
    );
    const state = (await startSignIn(before)).searchParams.get('state')!;
    client.cookies.set(OAUTH_COOKIE, before.cookies.get(OAUTH_COOKIE)!);
    const callback = await client.get(`/oauth/callback?code=gh_code&state=${state}`);
    expect(callback.statusCode).toBe(302);
    expect(callback.headers.location).toBe('/dashboard');
  });
});

describe('after the old key is dropped: SECRET_KEY="new"', () => {
  test.override('config', () => testConfig({ SECRET_KEY: NEW_KEY }));

  test('a cookie signed with the old key is signed out', async ({ client, db }) => {
    await signIn(db, client, [OLD_KEY], TEST_USER.id);
    const queries = watchQueries(db);
    expect((await client.get('/dashboard')).headers.location).toBe('/login');
    expect(queries()).toEqual([]);
  });
});

describe('the sign-in attempt cookie', () => {
  test('an unsigned attempt id (a forged cookie) → 400 invalid state, without a database query', async ({
    client,
    config,
    db,
    upstream,
  }) => {
    const state = (await startSignIn(client)).searchParams.get('state')!;
    const id = cookieSigner(config.secretKeys).unsign(client.cookies.get(OAUTH_COOKIE)!).value!;
    client.cookies.set(OAUTH_COOKIE, id);
    const queries = watchQueries(db);
    const response = await client.get(`/oauth/callback?code=gh_code&state=${state}`);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({ error: 'invalid state' });
    expect(queries()).toEqual([]);
    expect(upstream.sent).toEqual([]);
    expect(await db.selectFrom('oauth_attempts').selectAll().execute()).toHaveLength(1); // untouched
  });
});

describe('the secret stays secret', () => {
  test('no SECRET_KEY in any log line or cookie, through a sign-in, a rotation and a forgery', async ({
    db,
    schemaCompilers,
  }) => {
    const logs = collectLogs();
    const config = testConfig({ SECRET_KEY: `${NEW_KEY},${OLD_KEY}`, LOG_LEVEL: 'trace' });
    const app = await buildApp(config, { db, schemaCompilers, logStream: logs });
    try {
      const client = new TestClient(app, config.publicUrl);
      await signInThroughGithub(client);
      const rotated = await signIn(db, new TestClient(app, config.publicUrl), [OLD_KEY], 7);
      vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 2 * HOUR });
      try {
        await rotated.get('/dashboard');
      } finally {
        vi.useRealTimers();
      }
      rotated.cookies.set(SESSION_COOKIE, 'forged.cookie');
      await rotated.get('/dashboard');
      expect(logs.lines.length).toBeGreaterThan(3);
      for (const key of [NEW_KEY, OLD_KEY]) {
        expect(logs.text()).not.toContain(key);
        expect([...client.cookies.values(), ...rotated.cookies.values()].join()).not.toContain(key);
      }
    } finally {
      await app.close();
    }
  });
});
