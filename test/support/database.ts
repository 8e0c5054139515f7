/**
 * Fresh, migrated in-memory databases, fast. Running Kysely's migrator costs
 * ~4 ms a database (its lock table, its bookkeeping, one transaction per
 * migration); replaying the schema it produced costs ~0.1 ms. So each worker
 * runs the real migrations once, on a scratch database, and every test's
 * database is built from what they left behind: the same tables, indexes and
 * migration records, so migrateToLatest() on it is a no-op.
 */
import { sql } from 'kysely';
import {
  createDatabase,
  type Database,
  databaseOver,
  openSqlite,
  type SqliteConnection,
} from '../../src/db/database.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';

/** SQL that recreates a freshly migrated database: schema, then the migrator's own records. */
export async function migratedSchemaScript(): Promise<string> {
  const scratch = createDatabase(':memory:');
  try {
    await migrateToLatest(scratch);
    const { rows: schema } = await sql<{ sql: string }>`
      SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' ORDER BY rowid`.execute(scratch);
    const { rows: applied } = await sql<{ name: string; timestamp: string }>`
      SELECT name, timestamp FROM kysely_migration ORDER BY name`.execute(scratch);
    const records = applied.map(
      (row) => `INSERT INTO kysely_migration (name, timestamp) VALUES (${quote(row.name)}, ${quote(row.timestamp)})`,
    );
    return [...schema.map((row) => row.sql), ...records].join(';\n');
  } finally {
    await scratch.destroy();
  }
}

export function sqliteFromScript(script: string): SqliteConnection {
  const sqlite = openSqlite(':memory:');
  sqlite.exec(script);
  return sqlite;
}

function quote(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/**
 * A libsql-shaped database that forwards to whichever real database is current.
 * Apps are built once per worker over one of these (see support/apps.ts), and
 * each test points it at that test's fresh database: the app is reused, the
 * data never is. Tests in a worker run one at a time, so one database is
 * active at a time; a second `use` before the first is released is a bug in a
 * fixture, and is refused rather than silently sharing data.
 */
export class SwitchableSqlite {
  #current: SqliteConnection | undefined;

  use(sqlite: SqliteConnection): void {
    if (this.#current) throw new Error('a test database is already active: release it first');
    this.#current = sqlite;
  }

  release(sqlite: SqliteConnection): void {
    if (this.#current === sqlite) this.#current = undefined;
  }

  prepare(query: string) {
    if (!this.#current) throw new Error('no test database is active: ask for the `db` fixture');
    return this.#current.prepare(query);
  }

  /** Each test closes its own database; the switch itself holds nothing to close. */
  close(): void {}
}

/** What the fixtures need of a worker's database, whichever the dialect. */
export interface WorkerDatabase {
  /** The worker's Kysely: its apps are built over it once. */
  db: Database;
  /** Makes the next test's data empty and freshly migrated; the returned function ends that test's use. */
  fresh(): Promise<() => void>;
  close(): Promise<void>;
}

/** SQLite: each test gets its own in-memory database, built from the worker's migrated schema. */
export async function sqliteWorkerDatabase(): Promise<WorkerDatabase> {
  const script = await migratedSchemaScript();
  const switchable = new SwitchableSqlite();
  const db = databaseOver(switchable as never);
  return {
    db,
    async fresh() {
      const sqlite = sqliteFromScript(script);
      switchable.use(sqlite);
      return () => {
        switchable.release(sqlite);
        sqlite.close();
      };
    },
    close: () => db.destroy(),
  };
}
