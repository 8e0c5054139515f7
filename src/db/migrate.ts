/**
 * Migrations are plain TypeScript modules listed in migrations/index.ts, not
 * discovered on disk: the list is type-checked and costs no directory scan per test.
 */
import { type DatabaseIntrospector, type Migration, type MigrationResultSet, Migrator, sql } from 'kysely';
import { type Database, isPostgres } from './database.ts';
import { migrations as allMigrations } from './migrations/index.ts';

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
      // Stryker disable next-line OptionalChaining: current_schema() always answers one row (null without a schema)
      const schema = rows[0]?.schema;
      return await migrate(schema ? withTablesOfSchema(connection, schema) : connection, migrations, schema);
    } finally {
      await sql`SELECT pg_advisory_unlock(${key})`.execute(connection);
    }
  });
}

/**
 * Kysely's migrator learns whether its two bookkeeping tables exist by listing every table of every schema
 * on the server (kysely#1537): a schema another client drops during that scan fails it ("schema … does not
 * exist"; two in four first starts failed beside a client creating and dropping schemas), and a server with
 * many schemas makes it slow. This connection's introspection lists the tables of `schema` alone.
 */
export function withTablesOfSchema(connection: Database, schema: string): Database {
  const kyselys = connection.introspection;
  const introspection: DatabaseIntrospector = {
    getSchemas: () => kyselys.getSchemas(),
    async getTables() {
      const { rows } = await sql<{ name: string; view: boolean }>`
        SELECT table_name AS name, table_type = 'VIEW' AS view
        FROM information_schema.tables WHERE table_schema = ${schema}`.execute(connection);
      return rows.map((row) => ({ name: row.name, schema, isView: row.view, columns: [] }));
    },
    async getMetadata() {
      return { tables: await this.getTables() };
    },
  };
  // An own property shadows Kysely's getter on this one connection-bound instance, and nowhere else.
  return Object.defineProperty(connection, 'introspection', { value: introspection });
}

async function migrate(
  db: Database,
  migrations: Record<string, Migration>,
  migrationTableSchema?: string,
): Promise<MigrationResultSet> {
  const migrator = new Migrator({ db, migrationTableSchema, provider: { getMigrations: async () => migrations } });
  const result = await migrator.migrateToLatest();
  if (result.error) {
    // Results exist once migrations ran, and then the one that threw is among them; before that, none do.
    // Stryker disable next-line OptionalChaining: see above
    const failed = result.results?.find((r) => r.status === 'Error')?.migrationName;
    const what = failed ? `migration ${failed}` : 'migrations';
    throw new MigrationError(`${what} failed: ${String(result.error)}`, { cause: result.error });
  }
  return result;
}
