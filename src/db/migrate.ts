/**
 * Migrations are plain TypeScript modules listed in migrations/index.ts, not
 * discovered on disk: the list is type-checked and costs no directory scan per test.
 */
import { type Migration, type MigrationResultSet, Migrator } from 'kysely';
import type { Database } from './database.js';
import { migrations as allMigrations } from './migrations/index.js';

export class MigrationError extends Error {
  override name = 'MigrationError';
}

/** Brings the schema up to date; a no-op when it already is. */
export async function migrateToLatest(
  db: Database,
  migrations: Record<string, Migration> = allMigrations,
): Promise<MigrationResultSet> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const result = await migrator.migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error')?.migrationName;
    const what = failed ? `migration ${failed}` : 'migrations';
    throw new MigrationError(`${what} failed: ${String(result.error)}`, { cause: result.error });
  }
  return result;
}
