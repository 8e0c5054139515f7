import type { Kysely } from 'kysely';

/**
 * Housekeeping deletes expired sign-in attempts by `expires_at`; without an
 * index every prune scans the whole table, and a flood of /oauth/login makes
 * that table large (sessions have had this index since 001).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('oauth_attempts_expires_at').on('oauth_attempts').column('expires_at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('oauth_attempts_expires_at').execute();
}
