/**
 * Kysely over libsql (SQLite with better-sqlite3's API, prebuilt binaries).
 * One factory, used by the server and by the test fixture alike.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Kysely, SqliteDialect } from 'kysely';
import Sqlite from 'libsql';
import type { Tables } from './schema.js';

export type Database = Kysely<Tables>;
export type SqliteConnection = InstanceType<typeof Sqlite>;

/** Opens `file:<path>` (creating its folder) or `:memory:`. Migrations are separate: see migrate.ts. */
export function createDatabase(databaseUrl: string): Database {
  return databaseOver(openSqlite(databaseUrl));
}

export function openSqlite(databaseUrl: string): SqliteConnection {
  const path = databaseUrl === ':memory:' ? ':memory:' : databaseUrl.slice('file:'.length);
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new Sqlite(path);
  // WAL lets readers carry on while the snapshot job writes; foreign keys are off by default in SQLite.
  if (path !== ':memory:') sqlite.exec('PRAGMA journal_mode = WAL');
  sqlite.exec('PRAGMA foreign_keys = ON');
  return sqlite;
}

export function databaseOver(sqlite: SqliteConnection): Database {
  return new Kysely<Tables>({ dialect: new SqliteDialect({ database: sqlite }) });
}
