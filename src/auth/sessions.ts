/**
 * Server-side sessions. The browser holds a random token; the database holds
 * its SHA-256, the user, a small JSON bag and an expiry that slides forward
 * while the session is used. Revoking deletes the row, so an old copy of the
 * cookie stops working at once.
 */
import type { Database } from '../db/database.ts';
import { deleteExpiredRows } from '../db/expired-rows.ts';
import { hashToken, randomToken } from './tokens.ts';

export const SESSION_TTL_MS = 30 * 24 * 60 * 60 * 1000;
/** Extend at most once an hour, so reading a session is not a write on every request. */
const SLIDE_EVERY_MS = 60 * 60 * 1000;

export type SessionData = Record<string, unknown>;

export interface Session {
  token: string;
  userId: number | null;
  data: SessionData;
  expiresAt: Date;
}

export function createSessionStore(db: Database) {
  return {
    async create(userId: number | null, data: SessionData = {}, now = new Date()): Promise<Session> {
      const token = randomToken();
      const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
      await db
        .insertInto('sessions')
        .values({
          token_hash: hashToken(token),
          user_id: userId,
          data: JSON.stringify(data),
          created_at: now.toISOString(),
          expires_at: expiresAt.toISOString(),
        })
        .execute();
      return { token, userId, data, expiresAt };
    },

    /**
     * The live session for a token, undefined for unknown or expired tokens. Reading never writes:
     * `renewDue` says the expiry is more than an hour behind, and the caller decides whether this
     * response may carry a renewed cookie before calling renew().
     */
    async read(token: string, now = new Date()): Promise<(Session & { renewDue: boolean }) | undefined> {
      const row = await db
        .selectFrom('sessions')
        .select(['user_id', 'data', 'expires_at'])
        .where('token_hash', '=', hashToken(token))
        .where('expires_at', '>', now.toISOString())
        .executeTakeFirst();
      if (!row) return undefined;
      const expiresAt = new Date(row.expires_at);
      const renewDue = expiresAt.getTime() - now.getTime() < SESSION_TTL_MS - SLIDE_EVERY_MS;
      return { token, userId: row.user_id, data: parseData(row.data), expiresAt, renewDue };
    },

    /** Slides a live session's expiry to 30 days from now; returns the new expiry. */
    async renew(token: string, now = new Date()): Promise<Date> {
      const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
      await db
        .updateTable('sessions')
        .set({ expires_at: expiresAt.toISOString() })
        .where('token_hash', '=', hashToken(token))
        .where('expires_at', '>', now.toISOString())
        .execute();
      return expiresAt;
    },

    async saveData(token: string, data: SessionData): Promise<void> {
      await db
        .updateTable('sessions')
        .set({ data: JSON.stringify(data) })
        .where('token_hash', '=', hashToken(token))
        .execute();
    },

    async revoke(token: string): Promise<void> {
      await db.deleteFrom('sessions').where('token_hash', '=', hashToken(token)).execute();
    },

    /**
     * Deletes at most `limit` expired sessions (oldest first); returns how many.
     * Sessions nobody came back to are cleared by the housekeeping task (src/housekeeping), not on a request.
     */
    async pruneExpired(limit: number, now = new Date()): Promise<number> {
      return deleteExpiredRows(db, 'sessions', limit, now);
    },
  };
}

export type SessionStore = ReturnType<typeof createSessionStore>;

function parseData(json: string): SessionData {
  try {
    const value: unknown = JSON.parse(json);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as SessionData) : {};
  } catch {
    return {};
  }
}
