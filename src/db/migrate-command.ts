/**
 * `npm run db:migrate` (migrate-cli.ts runs it): brings DATABASE_URL's schema
 * up to date and says what it applied. Exit codes: 0 up to date (applied or
 * already), 1 a bad configuration or a failed migration. The database is
 * closed before it returns, whatever happened.
 */
import { ConfigError, type Env, parseConfig } from '../config.ts';
import type { CommandOutput } from './copy-command.ts';
import { createDatabase, type Database, type DatabaseOptions } from './database.ts';
import { migrateToLatest } from './migrate.ts';

/** How the command opens DATABASE_URL: createDatabase, which a test wraps to see the database closed. */
export type OpenDatabase = (databaseUrl: string, options: DatabaseOptions) => Database;

export async function runMigrateCommand(
  env: Env,
  output: CommandOutput,
  open: OpenDatabase = createDatabase,
): Promise<number> {
  try {
    await migrate(env, output, open);
    return 0;
  } catch (error) {
    const reason = error instanceof ConfigError ? `configuration error: ${error.message}` : (error as Error).message;
    output.err(`skydeck: db:migrate failed: ${reason}`);
    return 1;
  }
}

/** One line per migration applied, then the count; or that there was nothing to apply. */
async function migrate(env: Env, output: CommandOutput, open: OpenDatabase): Promise<void> {
  const config = parseConfig(env);
  // One connection: migrations run one after another, in one transaction each.
  const db = open(config.databaseUrl, { poolMax: 1 });
  try {
    const { results = [] } = await migrateToLatest(db);
    for (const result of results) output.out(`skydeck: migration ${result.migrationName}: ${result.status}`);
    output.out(results.length === 0 ? 'skydeck: the schema is up to date' : `skydeck: applied ${results.length}`);
  } finally {
    await db.destroy();
  }
}
