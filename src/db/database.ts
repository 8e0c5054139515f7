/**
 * Kysely over SQLite (libsql: better-sqlite3's API, prebuilt binaries) for one
 * machine, or over PostgreSQL (pg) for several instances. One factory, used by
 * the server, the scripts and the test fixtures alike.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  Kysely,
  type Kysely as KyselyType,
  PostgresAdapter,
  PostgresDialect,
  SqliteAdapter,
  SqliteDialect,
  sql,
} from 'kysely';
import Sqlite from 'libsql';
import pg from 'pg';
import type { Tables } from './schema.ts';

export type Database = Kysely<Tables>;
export type SqliteConnection = InstanceType<typeof Sqlite>;

export interface DatabaseOptions {
  /** Postgres connections per instance (DATABASE_POOL_MAX). */
  poolMax?: number;
}

/** How long a SQLite writer waits for another process's write lock before giving up (ms). */
export const SQLITE_BUSY_TIMEOUT_MS = 5000;

export function isPostgresUrl(databaseUrl: string): boolean {
  return databaseUrl.startsWith('postgres://') || databaseUrl.startsWith('postgresql://');
}

/**
 * Opens `postgres://…`, `file:<path>` (creating its folder) or `:memory:`.
 * Migrations are separate: see migrate.ts.
 */
export function createDatabase(databaseUrl: string, options: DatabaseOptions = {}): Database {
  if (isPostgresUrl(databaseUrl)) return new Kysely<Tables>({ dialect: postgresDialect(databaseUrl, options) });
  return databaseOver(openSqlite(databaseUrl));
}

/** The file a `file:<path>` URL names, or `:memory:`. */
export function sqlitePath(databaseUrl: string): string {
  return databaseUrl === ':memory:' ? ':memory:' : databaseUrl.slice('file:'.length);
}

export function openSqlite(databaseUrl: string): SqliteConnection {
  const path = sqlitePath(databaseUrl);
  // For :memory: this makes "." (there already), and the WAL pragma below leaves its journal in memory.
  mkdirSync(dirname(path), { recursive: true });
  const sqlite = new Sqlite(path);
  // A second process (or a backup tool) holding the write lock makes this one wait, not fail with "database is locked".
  sqlite.exec(`PRAGMA busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
  // WAL lets readers carry on while the snapshot job writes; foreign keys are off by default in SQLite.
  sqlite.exec('PRAGMA journal_mode = WAL');
  // Stryker disable next-line StringLiteral: libsql builds turn foreign keys on already; this keeps it so on any SQLite
  sqlite.exec('PRAGMA foreign_keys = ON');
  return sqlite;
}

export function databaseOver(sqlite: SqliteConnection): Database {
  return new Kysely<Tables>({ dialect: new LockingSqliteDialect({ database: sqlite }) });
}

// pg hands back COUNT(*) (int8) and ROUND(…, 2) (numeric) as strings, to be safe beyond 2^53. Skydeck's counts
// and rounded temperatures are far below that, and the SQLite driver returns numbers: parse them the same way.
// Per pool, not pg.types.setTypeParser, which would change every pg client in the process.
const INT8_OID = 20;
const NUMERIC_OID = 1700;
const pgTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8_OID || oid === NUMERIC_OID) return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

export function postgresDialect(databaseUrl: string, options: DatabaseOptions = {}): PostgresDialect {
  return new PostgresDialect({
    pool: new pg.Pool({
      connectionString: databaseUrl,
      max: options.poolMax ?? 10,
      types: pgTypes,
      // A dead database answers in seconds, not at the OS's TCP timeout.
      connectionTimeoutMillis: 5000,
      idleTimeoutMillis: 30_000,
    }),
  });
}

export function isPostgres(db: { getExecutor: KyselyType<unknown>['getExecutor'] }): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/**
 * SQLite's Kysely adapter takes no migration lock ("one connection"), but two
 * processes on one file each have theirs: started together, both ran 001 and
 * one died with "table already exists". BEGIN IMMEDIATE takes the file's write
 * lock (waiting up to the busy timeout), so the second sees the first's work.
 */
class LockingSqliteAdapter extends SqliteAdapter {
  override async acquireMigrationLock(db: KyselyType<unknown>): Promise<void> {
    await sql`BEGIN IMMEDIATE`.execute(db);
  }

  override async releaseMigrationLock(db: KyselyType<unknown>): Promise<void> {
    await sql`COMMIT`.execute(db);
  }
}

class LockingSqliteDialect extends SqliteDialect {
  override createAdapter(): SqliteAdapter {
    return new LockingSqliteAdapter();
  }
}
