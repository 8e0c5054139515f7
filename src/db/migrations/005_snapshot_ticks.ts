import type { Kysely } from 'kysely';

/**
 * One row per snapshot tick that an instance has claimed. Every instance's
 * scheduler fires on the same cron; the first to insert the tick's row runs
 * it, the others find it taken and skip: one run per tick across instances,
 * decided by the primary key on both databases.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('snapshot_ticks')
    .addColumn('tick', 'text', (c) => c.primaryKey())
    .addColumn('claimed_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('snapshot_ticks').execute();
}
