/**
 * Deleting expired rows a bounded batch at a time. SQLite calls are
 * synchronous: one DELETE of a large backlog would hold every request up for
 * as long as it runs, so housekeeping deletes `limit` rows per statement and
 * yields in between (src/housekeeping).
 */
import { sql } from 'kysely';
import type { Database } from './database.ts';

/** Tables whose rows expire: each has an indexed `expires_at` and this primary key. */
const EXPIRING_TABLES = { sessions: 'token_hash', oauth_attempts: 'id_hash' } as const;
export type ExpiringTable = keyof typeof EXPIRING_TABLES;

/** Deletes at most `limit` rows of `table` that expired by `now`, oldest first; returns how many. */
export async function deleteExpiredRows(db: Database, table: ExpiringTable, limit: number, now: Date): Promise<number> {
  const key = sql.ref(EXPIRING_TABLES[table]);
  const result = await sql`
    DELETE FROM ${sql.table(table)} WHERE ${key} IN (
      SELECT ${key} FROM ${sql.table(table)} WHERE expires_at <= ${now.toISOString()} ORDER BY expires_at LIMIT ${limit}
    )`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}
