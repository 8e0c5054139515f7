/**
 * `npm run db:migrate`: brings DATABASE_URL's schema up to date and exits,
 * for deployments that migrate in a step of their own before starting
 * instances. (Each instance also migrates at start; the migrator's lock makes
 * instances started together migrate once.)
 */
import { ConfigError, loadConfig } from '../config.ts';
import { createDatabase } from './database.ts';
import { migrateToLatest } from './migrate.ts';

async function main(): Promise<void> {
  const config = loadConfig();
  const db = createDatabase(config.databaseUrl, { poolMax: 1 });
  try {
    const { results = [] } = await migrateToLatest(db);
    for (const result of results) console.log(`skydeck: migration ${result.migrationName}: ${result.status}`);
    console.log(results.length === 0 ? 'skydeck: the schema is up to date' : `skydeck: applied ${results.length}`);
  } finally {
    await db.destroy();
  }
}

main().catch((error: unknown) => {
  const reason = error instanceof ConfigError ? `configuration error: ${error.message}` : (error as Error).message;
  console.error(`skydeck: db:migrate failed: ${reason}`);
  process.exit(1);
});
