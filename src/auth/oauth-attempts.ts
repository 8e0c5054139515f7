/**
 * Sign-ins in progress. Starting one makes a state and a PKCE verifier and
 * stores them under the SHA-256 of a random id, which the browser holds in a
 * cookie: they are bound to that browser, live 10 minutes, and are consumed
 * (deleted) by the callback, so each can be used once. Abandoned ones are
 * deleted by the housekeeping task (src/housekeeping), never on a request.
 */
import * as oauth from 'oauth4webapi';
import type { Database } from '../db/database.ts';
import { deleteExpiredRows } from '../db/expired-rows.ts';
import { hashToken, randomToken } from './tokens.ts';

export const OAUTH_ATTEMPT_TTL_MS = 10 * 60 * 1000;

export interface StartedAttempt {
  /** For the browser's cookie; the database keeps only its hash. */
  id: string;
  state: string;
  codeChallenge: string;
}

export interface PendingAttempt {
  state: string;
  codeVerifier: string;
}

export function createOAuthAttemptStore(db: Database) {
  return {
    async start(now = new Date()): Promise<StartedAttempt> {
      const id = randomToken();
      const state = oauth.generateRandomState(); // 256 bits
      const codeVerifier = oauth.generateRandomCodeVerifier();
      await db
        .insertInto('oauth_attempts')
        .values({
          id_hash: hashToken(id),
          state,
          code_verifier: codeVerifier,
          expires_at: new Date(now.getTime() + OAUTH_ATTEMPT_TTL_MS).toISOString(),
        })
        .execute();
      return { id, state, codeChallenge: await oauth.calculatePKCECodeChallenge(codeVerifier) };
    },

    /** Deletes the attempt whatever its state; returns it only if it had not expired. */
    async consume(id: string, now = new Date()): Promise<PendingAttempt | undefined> {
      const row = await db
        .deleteFrom('oauth_attempts')
        .where('id_hash', '=', hashToken(id))
        .returning(['state', 'code_verifier', 'expires_at'])
        .executeTakeFirst();
      if (!row || row.expires_at <= now.toISOString()) return undefined;
      return { state: row.state, codeVerifier: row.code_verifier };
    },

    /** Deletes at most `limit` expired attempts (oldest first); returns how many. */
    async pruneExpired(limit: number, now = new Date()): Promise<number> {
      return deleteExpiredRows(db, 'oauth_attempts', limit, now);
    },
  };
}

export type OAuthAttemptStore = ReturnType<typeof createOAuthAttemptStore>;
