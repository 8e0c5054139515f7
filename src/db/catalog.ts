/**
 * What a database holds, read from its own catalog (SQLite's pragmas,
 * Postgres's pg_catalog, in the current schema): its tables, their
 * columns and keys, which tables they reference, the sequences behind ids.
 * db:copy derives what it copies from here, so a table a new migration adds
 * is copied without anyone listing it.
 */
import { sql } from 'kysely';
import { type Database, isPostgres } from './database.ts';

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
        SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') ORDER BY c.relname`.execute(db)
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

// pg_catalog, not information_schema: its views cost ~20 ms a table, these queries ~1 ms.
async function describePostgresTable(db: Database, name: string): Promise<TableInfo> {
  const table = sql`(SELECT c.oid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = current_schema() AND c.relname = ${name})`;
  const { rows: columns } = await sql<ColumnInfo>`
    SELECT a.attname AS name, pg_get_serial_sequence(quote_ident(${name}), a.attname) AS sequence
    FROM pg_attribute a
    WHERE a.attrelid = ${table} AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum`.execute(db);
  const { rows: primaryKey } = await sql<{ name: string }>`
    SELECT a.attname AS name
    FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
    WHERE i.indrelid = ${table} AND i.indisprimary
    ORDER BY array_position(i.indkey::int2[], a.attnum)`.execute(db);
  const { rows: references } = await sql<{ name: string }>`
    SELECT DISTINCT r.relname AS name
    FROM pg_constraint f JOIN pg_class r ON r.oid = f.confrelid
    WHERE f.contype = 'f' AND f.conrelid = ${table} ORDER BY name`.execute(db);
  return {
    name,
    columns,
    primaryKey: primaryKey.map((column) => column.name),
    references: references.map((reference) => reference.name),
  };
}
