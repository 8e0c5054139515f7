import { type Kysely, sql } from 'kysely';

/**
 * A signed-in user's choice of units for the pages: 'metric' (°C, m/s) or
 * 'imperial' (°F, mph). Existing users get metric, what the pages showed before.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('users')
    .addColumn('units', 'text', (c) => c.notNull().defaultTo('metric').check(sql`units IN ('metric', 'imperial')`))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('users').dropColumn('units').execute();
}
