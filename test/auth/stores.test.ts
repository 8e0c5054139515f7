/** The sign-in's three tables, tested on the in-memory database without an app: sessions, users, attempts. */
import { createOAuthAttemptStore, OAUTH_ATTEMPT_TTL_MS } from '../../src/auth/oauth-attempts.ts';
import { createSessionStore, SESSION_TTL_MS } from '../../src/auth/sessions.ts';
import { hashToken } from '../../src/auth/tokens.ts';
import { createUserRepository, type GithubProfile } from '../../src/auth/users.ts';
import type { Database } from '../../src/db/database.ts';
import { describe, expect, test } from '../fixtures.ts';

const T0 = new Date('2026-11-27T12:00:00.000Z');
const later = (ms: number) => new Date(T0.getTime() + ms);
const HOUR = 60 * 60 * 1000;
const octocat: GithubProfile = {
  githubId: 583231,
  login: 'octocat',
  name: 'The Octocat',
  avatarUrl: 'https://avatars.githubusercontent.com/u/583231?v=4',
  location: 'San Francisco',
};

async function aUser(db: Database): Promise<number> {
  return (await createUserRepository(db).upsertFromGithub(octocat, T0)).id;
}

describe('session store', () => {
  test('a session is found by its token, with its user and data; the table holds only the hash', async ({ db }) => {
    const sessions = createSessionStore(db);
    const userId = await aUser(db);
    const created = await sessions.create(userId, { theme: 'dark' }, T0);
    expect(created.token).toMatch(/^[\w-]{43}$/); // 256 bits
    expect(await sessions.read(created.token, later(1000))).toEqual({
      token: created.token,
      userId,
      data: { theme: 'dark' },
      expiresAt: later(SESSION_TTL_MS),
      renewDue: false,
    });
    const rows = await db.selectFrom('sessions').select('token_hash').execute();
    expect(rows).toEqual([{ token_hash: hashToken(created.token) }]);
  });

  test('an unknown token is no session', async ({ db }) => {
    expect(await createSessionStore(db).read('x'.repeat(43), T0)).toBeUndefined();
  });

  test('30 days unused → expired, gone for good', async ({ db }) => {
    const sessions = createSessionStore(db);
    const { token } = await sessions.create(await aUser(db), {}, T0);
    expect(await sessions.read(token, later(SESSION_TTL_MS - 1))).toBeDefined();
    const fresh = await sessions.create(await aUser(db), {}, T0);
    expect(await sessions.read(fresh.token, later(SESSION_TTL_MS))).toBeUndefined();
  });

  test('sliding expiry: after more than an hour a read says renewal is due, and renew pushes the expiry to 30 days from now', async ({
    db,
  }) => {
    const sessions = createSessionStore(db);
    const { token } = await sessions.create(await aUser(db), {}, T0);
    const read = await sessions.read(token, later(2 * HOUR));
    expect(read?.renewDue).toBe(true);
    expect(read?.expiresAt).toEqual(later(SESSION_TTL_MS)); // reading alone wrote nothing
    expect(await sessions.renew(token, later(2 * HOUR))).toEqual(later(2 * HOUR + SESSION_TTL_MS));
    // Stored, not just reported: it is alive past the original 30 days, and not due again for an hour.
    const after = await sessions.read(token, later(SESSION_TTL_MS + HOUR));
    expect(after?.expiresAt).toEqual(later(2 * HOUR + SESSION_TTL_MS));
  });

  test('use within the hour: no renewal due', async ({ db }) => {
    const sessions = createSessionStore(db);
    const { token } = await sessions.create(await aUser(db), {}, T0);
    const read = await sessions.read(token, later(30 * 60 * 1000));
    expect(read?.expiresAt).toEqual(later(SESSION_TTL_MS));
    expect(read?.renewDue).toBe(false);
  });

  test('renew cannot bring an expired or revoked session back', async ({ db }) => {
    const sessions = createSessionStore(db);
    const { token } = await sessions.create(await aUser(db), {}, T0);
    await sessions.renew(token, later(SESSION_TTL_MS + 1));
    expect(await sessions.read(token, later(SESSION_TTL_MS + 2))).toBeUndefined();
  });

  test('revoke: the token stops working at once', async ({ db }) => {
    const sessions = createSessionStore(db);
    const { token } = await sessions.create(await aUser(db), {}, T0);
    await sessions.revoke(token);
    expect(await sessions.read(token, T0)).toBeUndefined();
  });

  test('saveData replaces the data bag', async ({ db }) => {
    const sessions = createSessionStore(db);
    const { token } = await sessions.create(await aUser(db), { a: 1 }, T0);
    await sessions.saveData(token, { b: [2] });
    expect((await sessions.read(token, T0))?.data).toEqual({ b: [2] });
  });

  test.for([
    ['not JSON', '{oops'],
    ['a JSON array', '[1]'],
    ['JSON null', 'null'],
    ['a JSON number', '42'],
    ['a JSON string', '"dark"'],
  ])('a data column holding %s reads as an empty bag, not an error', async ([, stored], { db }) => {
    const sessions = createSessionStore(db);
    const { token } = await sessions.create(await aUser(db), {}, T0);
    await db.updateTable('sessions').set({ data: stored }).execute();
    expect((await sessions.read(token, T0))?.data).toEqual({});
  });

  test('pruneExpired deletes expired sessions only, at most `limit`, oldest first, and says how many', async ({
    db,
  }) => {
    const sessions = createSessionStore(db);
    const userId = await aUser(db);
    await sessions.create(userId, {}, T0);
    await sessions.create(userId, {}, later(HOUR));
    const old = await sessions.create(userId, {}, later(2 * HOUR));
    const young = await sessions.create(userId, {}, later(SESSION_TTL_MS));
    const now = later(SESSION_TTL_MS + 3 * HOUR);

    expect(await sessions.pruneExpired(2, now)).toBe(2);
    expect(await sessionHashes(db)).toEqual([old, young].map((s) => hashToken(s.token)).sort());
    expect(await sessions.pruneExpired(2, now)).toBe(1);
    expect(await sessionHashes(db)).toEqual([hashToken(young.token)]);
  });

  test('creating a session deletes nothing: expired ones are left to housekeeping, off the request path', async ({
    db,
  }) => {
    const sessions = createSessionStore(db);
    const userId = await aUser(db);
    const expired = await sessions.create(userId, {}, T0);
    const fresh = await sessions.create(userId, {}, later(SESSION_TTL_MS + HOUR));
    expect(await sessionHashes(db)).toEqual([expired, fresh].map((s) => hashToken(s.token)).sort());
  });

  test('deleting a user deletes their sessions (no session outlives its user)', async ({ db }) => {
    const sessions = createSessionStore(db);
    const userId = await aUser(db);
    const { token } = await sessions.create(userId, {}, T0);
    await db.deleteFrom('users').where('id', '=', userId).execute();
    expect(await sessions.read(token, T0)).toBeUndefined();
  });
});

describe('user repository', () => {
  test('a first sign-in inserts the GitHub profile', async ({ db }) => {
    const users = createUserRepository(db);
    const user = await users.upsertFromGithub(octocat, T0);
    expect(user).toEqual({
      id: expect.any(Number),
      github_id: 583231,
      login: 'octocat',
      name: 'The Octocat',
      avatar_url: 'https://avatars.githubusercontent.com/u/583231?v=4',
      location: 'San Francisco',
      units: 'metric',
      created_at: T0.toISOString(),
      updated_at: T0.toISOString(),
    });
    expect(await users.findById(user.id)).toEqual(user);
  });

  test('a returning user (same GitHub id) keeps their id and creation time; the profile is refreshed', async ({
    db,
  }) => {
    const users = createUserRepository(db);
    const first = await users.upsertFromGithub(octocat, T0);
    const renamed = { ...octocat, login: 'octo-renamed', name: null, avatarUrl: null, location: null };
    const again = await users.upsertFromGithub(renamed, later(HOUR));
    expect(again).toEqual({
      ...first,
      login: 'octo-renamed',
      name: null,
      avatar_url: null,
      location: null,
      updated_at: later(HOUR).toISOString(),
    });
    expect(await db.selectFrom('users').selectAll().execute()).toHaveLength(1);
  });

  test('an unknown id is undefined', async ({ db }) => {
    expect(await createUserRepository(db).findById(999)).toBeUndefined();
  });

  test('units: metric by default, saved by setUnits, kept when the user signs in again', async ({ db }) => {
    const users = createUserRepository(db);
    const { id } = await users.upsertFromGithub(octocat, T0);
    await users.setUnits(id, 'imperial', later(HOUR));
    expect(await users.findById(id)).toMatchObject({ units: 'imperial', updated_at: later(HOUR).toISOString() });
    // A sign-in refreshes the GitHub profile, not the user's own choices.
    expect(await users.upsertFromGithub(octocat, later(2 * HOUR))).toMatchObject({ units: 'imperial' });
    await users.setUnits(id, 'metric');
    expect((await users.findById(id))?.units).toBe('metric');
  });

  test('the column refuses anything but metric or imperial, whatever the code above it does', async ({ db }) => {
    const id = await aUser(db);
    const attempt = db
      .updateTable('users')
      .set({ units: 'kelvin' as never })
      .where('id', '=', id)
      .execute();
    await expect(attempt).rejects.toThrow(/check constraint/i);
  });
});

describe('OAuth attempt store', () => {
  test('start keeps the state and verifier under the hash of the id; the id itself is not stored', async ({ db }) => {
    const attempt = await createOAuthAttemptStore(db).start(T0);
    const rows = await db.selectFrom('oauth_attempts').selectAll().execute();
    expect(rows).toEqual([
      {
        id_hash: hashToken(attempt.id),
        state: attempt.state,
        code_verifier: expect.stringMatching(/^[\w-]{43}$/),
        expires_at: later(OAUTH_ATTEMPT_TTL_MS).toISOString(),
      },
    ]);
  });

  test('consume returns the attempt once; the second time there is nothing', async ({ db }) => {
    const attempts = createOAuthAttemptStore(db);
    const { id, state } = await attempts.start(T0);
    expect(await attempts.consume(id, later(1000))).toEqual({ state, codeVerifier: expect.any(String) });
    expect(await attempts.consume(id, later(1000))).toBeUndefined();
  });

  test('an expired attempt is not returned, and consuming it still deletes it', async ({ db }) => {
    const attempts = createOAuthAttemptStore(db);
    const { id } = await attempts.start(T0);
    expect(await attempts.consume(id, later(OAUTH_ATTEMPT_TTL_MS))).toBeUndefined();
    expect(await db.selectFrom('oauth_attempts').selectAll().execute()).toEqual([]);
  });

  test('starting an attempt deletes nothing: expired ones are left to housekeeping, off the request path', async ({
    db,
  }) => {
    const attempts = createOAuthAttemptStore(db);
    await attempts.start(T0);
    await attempts.start(later(OAUTH_ATTEMPT_TTL_MS + 1));
    expect(await db.selectFrom('oauth_attempts').select('id_hash').execute()).toHaveLength(2);
  });

  test('pruneExpired deletes expired attempts only, at most `limit`, oldest first, and says how many', async ({
    db,
  }) => {
    const attempts = createOAuthAttemptStore(db);
    await attempts.start(T0);
    await attempts.start(later(1000));
    const lastExpired = await attempts.start(later(2000));
    const live = await attempts.start(later(OAUTH_ATTEMPT_TTL_MS));
    const now = later(OAUTH_ATTEMPT_TTL_MS + 2000);

    expect(await attempts.pruneExpired(2, now)).toBe(2);
    expect(await attemptHashes(db)).toEqual([lastExpired.id, live.id].map(hashToken).sort());
    expect(await attempts.pruneExpired(2, now)).toBe(1);
    expect(await attemptHashes(db)).toEqual([hashToken(live.id)]);
  });
});

async function sessionHashes(db: Database): Promise<string[]> {
  const rows = await db.selectFrom('sessions').select('token_hash').orderBy('token_hash').execute();
  return rows.map((row) => row.token_hash);
}

async function attemptHashes(db: Database): Promise<string[]> {
  const rows = await db.selectFrom('oauth_attempts').select('id_hash').orderBy('id_hash').execute();
  return rows.map((row) => row.id_hash);
}
