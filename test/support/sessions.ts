/**
 * Session injection: put a signed-in session straight into the store and hand
 * its cookie to a client, instead of running the OAuth flow in every test.
 */
import { SESSION_COOKIE } from '../../src/auth/session-plugin.js';
import { createSessionStore, type Session, type SessionData } from '../../src/auth/sessions.js';
import type { Database } from '../../src/db/database.js';
import type { TestClient } from './client.js';

/**
 * Signs `client` in as user `userId`, creating the user if needed (login from
 * `extra.username`, else "user<id>"). `extra` becomes the session's data bag.
 */
export async function signIn(db: Database, client: TestClient, userId: number, extra: SessionData = {}) {
  const login = typeof extra.username === 'string' ? extra.username : `user${userId}`;
  const at = new Date().toISOString();
  await db
    .insertInto('users')
    .values({ id: userId, github_id: 1_000_000 + userId, login, created_at: at, updated_at: at })
    .onConflict((conflict) => conflict.column('id').doUpdateSet({ login }))
    .execute();
  const session = await createSessionStore(db).create(userId, extra);
  client.cookies.set(SESSION_COOKIE, session.token);
  return client;
}

export async function readSession(db: Database, client: TestClient): Promise<Session | undefined> {
  const token = client.cookies.get(SESSION_COOKIE);
  return token === undefined ? undefined : createSessionStore(db).read(token);
}
