import type { Kysely } from 'kysely';
import { FLOAT, withId } from './portable.ts';

/**
 * Saved cities, the weather samples the snapshot job records, and the monthly
 * summaries that outlive the samples. Samples and summaries belong to a
 * city_key, not to a user's row: two users saving Dublin share one fetch per
 * run and one history, and deleting a saved city loses no history.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await withId(db, db.schema.createTable('cities'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('country', 'text')
    .addColumn('city_key', 'text', (c) => c.notNull())
    .addColumn('query', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('cities_user_city', ['user_id', 'city_key'])
    .execute();
  // The job reads the distinct keys every run.
  await db.schema.createIndex('cities_city_key').on('cities').column('city_key').execute();

  await db.schema
    .createTable('weather_samples')
    .addColumn('city_key', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addColumn('temp_c', FLOAT, (c) => c.notNull())
    .addColumn('humidity', FLOAT)
    .addColumn('description', 'text')
    // One sample per city per run: a repeated insert (a re-run, the demo seed) is a no-op.
    .addPrimaryKeyConstraint('weather_samples_pk', ['city_key', 'recorded_at'])
    .execute();
  // Retention deletes by age across all cities.
  await db.schema.createIndex('weather_samples_recorded_at').on('weather_samples').column('recorded_at').execute();

  await db.schema
    .createTable('monthly_summaries')
    .addColumn('city_key', 'text', (c) => c.notNull())
    .addColumn('month', 'text', (c) => c.notNull())
    .addColumn('min_c', FLOAT, (c) => c.notNull())
    .addColumn('max_c', FLOAT, (c) => c.notNull())
    .addColumn('avg_c', FLOAT, (c) => c.notNull())
    .addColumn('samples', 'integer', (c) => c.notNull())
    .addColumn('days', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('monthly_summaries_pk', ['city_key', 'month'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('monthly_summaries').execute();
  await db.schema.dropTable('weather_samples').execute();
  await db.schema.dropTable('cities').execute();
}
