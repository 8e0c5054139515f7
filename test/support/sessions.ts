/**
 * Session injection: put a signed-in session straight into the store and hand
 * its cookie to a client, instead of running the OAuth flow in every test.
 */
import { signerFactory } from '@fastify/cookie';
import { SESSION_COOKIE } from '../../src/auth/session-plugin.ts';
import { createSessionStore, type Session, type SessionData } from '../../src/auth/sessions.ts';
import type { Database } from '../../src/db/database.ts';
import type { TestClient } from './client.ts';

/** Signs and verifies cookie values as the app does with these SECRET_KEY keys (the first signs). */
export function cookieSigner(secretKeys: readonly string[]) {
  return signerFactory([...secretKeys]);
}

/**
 * Signs `client` in as user `userId`, creating the user if needed (login from
 * `extra.username`, else "user<id>"). `extra` becomes the session's data bag.
 * The cookie is signed with `secretKeys`, the app's SECRET_KEY.
 */
export async function signIn(
  db: Database,
  client: TestClient,
  secretKeys: readonly string[],
  userId: number,
  extra: SessionData = {},
) {
  client.cookies.set(SESSION_COOKIE, await injectSession(db, secretKeys, userId, extra));
  return client;
}

/**
 * The session half of signIn, for any client (a real server's too): creates the user if needed and a
 * session, and returns the signed value of its SESSION_COOKIE.
 */
export async function injectSession(
  db: Database,
  secretKeys: readonly string[],
  userId: number,
  extra: SessionData = {},
): Promise<string> {
  const login = typeof extra.username === 'string' ? extra.username : `user${userId}`;
  const at = new Date().toISOString();
  await db
    .insertInto('users')
    .values({ id: userId, github_id: 1_000_000 + userId, login, created_at: at, updated_at: at })
    .onConflict((conflict) => conflict.column('id').doUpdateSet({ login }))
    .execute();
  const session = await createSessionStore(db).create(userId, extra);
  return cookieSigner(secretKeys).sign(session.token);
}

/** The session token in a client's cookie, if its signature verifies with `secretKeys`. */
export function sessionTokenOf(client: TestClient, secretKeys: readonly string[]): string | undefined {
  const cookie = client.cookies.get(SESSION_COOKIE);
  if (cookie === undefined) return undefined;
  const signed = cookieSigner(secretKeys).unsign(cookie);
  return signed.valid ? signed.value : undefined;
}

export async function readSession(
  db: Database,
  client: TestClient,
  secretKeys: readonly string[],
): Promise<Session | undefined> {
  const token = sessionTokenOf(client, secretKeys);
  return token === undefined ? undefined : createSessionStore(db).read(token);
}
