/**
 * What a database holds, read from its own catalog (SQLite's pragmas,
 * Postgres's information_schema in the current schema): its tables, their
 * columns and keys, which tables they reference, the sequences behind ids.
 * db:copy derives what it copies from here, so a table a new migration adds
 * is copied without anyone listing it.
 */
import { sql } from 'kysely';
import { type Database, isPostgres } from './database.js';

export interface TableInfo {
  name: string;
  columns: ColumnInfo[];
  /** The primary key's columns, in key order; empty when the table has none. */
  primaryKey: string[];
  /** Tables this one's foreign keys point at (itself included, if it does). */
  references: string[];
}

export interface ColumnInfo {
  name: string;
  /** Postgres: the sequence a serial column draws from (schema-qualified); null on SQLite and for other columns. */
  sequence: string | null;
}

/** Kysely's bookkeeping (which migrations ran, its lock): not data. */
const MIGRATOR_TABLES = new Set(['kysely_migration', 'kysely_migration_lock']);

/** Every table of the database's current schema, by name, SQLite's own and views left out. */
export async function tableNames(db: Database): Promise<string[]> {
  const { rows } = isPostgres(db)
    ? await sql<{ name: string }>`
        SELECT table_name AS name FROM information_schema.tables
        WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`.execute(db)
    : await sql<{ name: string }>`
        SELECT name FROM sqlite_master WHERE type = 'table' AND substr(name, 1, 7) <> 'sqlite_' ORDER BY name`.execute(
        db,
      );
  return rows.map((row) => row.name);
}

/** The tables that hold data: every table but the migrator's. */
export async function dataTableNames(db: Database): Promise<string[]> {
  return (await tableNames(db)).filter((name) => !MIGRATOR_TABLES.has(name));
}

/** The names of the migrations applied to the database; none when it has never been migrated. */
export async function appliedMigrations(db: Database): Promise<string[]> {
  if (!(await tableNames(db)).includes('kysely_migration')) return [];
  const { rows } = await sql<{ name: string }>`SELECT name FROM kysely_migration ORDER BY name`.execute(db);
  return rows.map((row) => row.name);
}

export async function describeTable(db: Database, name: string): Promise<TableInfo> {
  return isPostgres(db) ? describePostgresTable(db, name) : describeSqliteTable(db, name);
}

async function describeSqliteTable(db: Database, name: string): Promise<TableInfo> {
  const { rows: columns } = await sql<{ name: string; pk: number }>`
    SELECT name, pk FROM pragma_table_info(${name}) ORDER BY cid`.execute(db);
  const { rows: references } = await sql<{ name: string }>`
    SELECT DISTINCT "table" AS name FROM pragma_foreign_key_list(${name}) ORDER BY name`.execute(db);
  return {
    name,
    columns: columns.map((column) => ({ name: column.name, sequence: null })),
    // pk is the column's position in the primary key (1, 2, …), 0 when it is not part of it.
    primaryKey: columns
      .filter((column) => column.pk > 0)
      .sort((a, b) => a.pk - b.pk)
      .map((column) => column.name),
    references: references.map((reference) => reference.name),
  };
}

async function describePostgresTable(db: Database, name: string): Promise<TableInfo> {
  const { rows: columns } = await sql<ColumnInfo>`
    SELECT column_name AS name, pg_get_serial_sequence(quote_ident(table_name), column_name) AS sequence
    FROM information_schema.columns
    WHERE table_schema = current_schema() AND table_name = ${name} ORDER BY ordinal_position`.execute(db);
  const { rows: primaryKey } = await sql<{ name: string }>`
    SELECT k.column_name AS name
    FROM information_schema.table_constraints c
    JOIN information_schema.key_column_usage k
      ON k.constraint_schema = c.constraint_schema AND k.constraint_name = c.constraint_name
    WHERE c.constraint_type = 'PRIMARY KEY' AND c.table_schema = current_schema() AND c.table_name = ${name}
    ORDER BY k.ordinal_position`.execute(db);
  const { rows: references } = await sql<{ name: string }>`
    SELECT DISTINCT r.relname AS name
    FROM pg_constraint f JOIN pg_class r ON r.oid = f.confrelid
    WHERE f.contype = 'f' AND f.conrelid = to_regclass(quote_ident(${name}))
    ORDER BY name`.execute(db);
  return {
    name,
    columns,
    primaryKey: primaryKey.map((column) => column.name),
    references: references.map((reference) => reference.name),
  };
}
