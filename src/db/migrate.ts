/**
 * Migrations are plain TypeScript modules listed in migrations/index.ts, not
 * discovered on disk: the list is type-checked and costs no directory scan per test.
 */
import { type Migration, type MigrationResultSet, Migrator, sql } from 'kysely';
import { type Database, isPostgres } from './database.js';
import { migrations as allMigrations } from './migrations/index.js';

export class MigrationError extends Error {
  override name = 'MigrationError';
}

/**
 * Brings the schema up to date; a no-op when it already is. Instances started
 * at the same moment migrate once: on Postgres the whole run holds an advisory
 * lock for the schema (Kysely's own lock covers running the migrations, not
 * creating its bookkeeping tables, which two first starts raced on); on
 * SQLite the migration lock is the file's write lock (see database.ts).
 */
export async function migrateToLatest(
  db: Database,
  migrations: Record<string, Migration> = allMigrations,
): Promise<MigrationResultSet> {
  if (!isPostgres(db)) return migrate(db, migrations);
  return db.connection().execute(async (connection) => {
    const key = sql`hashtext('skydeck:migrate:' || current_schema())`;
    await sql`SELECT pg_advisory_lock(${key})`.execute(connection);
    try {
      // Kysely looks for its bookkeeping tables in every schema unless told which: with another schema's
      // kysely_migration visible (a second Skydeck on the server, each test worker's) it would skip creating its own.
      const { rows } = await sql<{ schema: string }>`SELECT current_schema() AS schema`.execute(connection);
      return await migrate(connection, migrations, rows[0]?.schema);
    } finally {
      await sql`SELECT pg_advisory_unlock(${key})`.execute(connection);
    }
  });
}

async function migrate(
  db: Database,
  migrations: Record<string, Migration>,
  migrationTableSchema?: string,
): Promise<MigrationResultSet> {
  const migrator = new Migrator({ db, migrationTableSchema, provider: { getMigrations: async () => migrations } });
  const result = await migrator.migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error')?.migrationName;
    const what = failed ? `migration ${failed}` : 'migrations';
    throw new MigrationError(`${what} failed: ${String(result.error)}`, { cause: result.error });
  }
  return result;
}
