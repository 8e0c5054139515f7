/**
 * Copies a whole Skydeck database into an empty one: SQLite to PostgreSQL when
 * one machine is no longer enough, or back. Ids are kept (cities, sessions
 * and samples point at them) and Postgres's sequences restarted past them.
 * The target is migrated first; the rows then go in one transaction on it,
 * read from one snapshot of the source, in batches keyed by primary key so
 * memory stays the same whatever the tables' size.
 */
import type { Migration } from 'kysely';
import { sql } from 'kysely';
import { appliedMigrations, dataTableNames, describeTable, type TableInfo } from './catalog.ts';
import type { Database } from './database.ts';
import { migrateToLatest } from './migrate.ts';
import { migrations as allMigrations } from './migrations/index.ts';

/** A copy that would be wrong to start (a target with data, a schema of another version): nothing was copied. */
export class CopyRefused extends Error {
  // Stryker disable next-line StringLiteral: db:copy prints a refusal's message alone (failureLine)
  override name = 'CopyRefused';
}

/** Rows per select and per insert. */
export const COPY_BATCH_ROWS = 500;
// Postgres takes at most 65,535 parameters a statement and SQLite 32,766: a batch of a wide table stays under both.
export const MAX_PARAMETERS = 30_000;

export interface CopyOptions {
  batchRows?: number;
  /** The migrations this Skydeck has; tests pass their own. */
  migrations?: Record<string, Migration>;
}

export interface CopiedTable {
  table: string;
  rows: number;
}

type Row = Record<string, unknown>;

/** "1 row", "12 rows". */
export function rowsText(count: number): string {
  return `${count} ${count === 1 ? 'row' : 'rows'}`;
}

/** Copies every table of `from` into `to`, logging `<table>: <n> rows` as each is done; refuses with CopyRefused. */
export async function copyDatabase(
  from: Database,
  to: Database,
  log: (line: string) => void,
  options: CopyOptions = {},
): Promise<CopiedTable[]> {
  const migrations = options.migrations ?? allMigrations;
  const batchRows = options.batchRows ?? COPY_BATCH_ROWS;
  if (from === to) throw new CopyRefused('the source and the target are the same database');
  await refuseUnlessCurrent(from, 'source', migrations);
  await refuseUnlessCurrent(to, 'target', migrations);
  await refuseUnlessEmpty(to);
  const tables = inDependencyOrder(await Promise.all((await dataTableNames(from)).map((name) => describe(from, name))));
  await migrateToLatest(to, migrations);
  return to.transaction().execute(async (target) => {
    await refuseUnlessEmpty(target); // written to since the first look?
    // One snapshot of the source: a server still writing to it cannot make a city arrive without its user.
    const snapshot = from.transaction().setIsolationLevel('repeatable read');
    // Stryker disable next-line StringLiteral: a promise to the server, not a behaviour: nothing here writes to the source
    const readOnly = snapshot.setAccessMode('read only');
    const copied = await readOnly.execute(async (source) => {
      const counts: CopiedTable[] = [];
      for (const table of tables) {
        const rows = await copyTable(source, target, table, batchRows);
        log(`${table.name}: ${rowsText(rows)}`);
        counts.push({ table: table.name, rows });
      }
      return counts;
    });
    await restartSequences(target, tables);
    return copied;
  });
}

/**
 * The source must be exactly at this Skydeck's schema (rows of another version
 * would not fit the target it migrates), and the target must not be ahead of
 * it; a target behind is migrated.
 */
async function refuseUnlessCurrent(
  db: Database,
  which: 'source' | 'target',
  migrations: Record<string, Migration>,
): Promise<void> {
  const applied = await appliedMigrations(db);
  const known = Object.keys(migrations);
  const unknown = applied.find((name) => !known.includes(name));
  if (unknown) {
    throw new CopyRefused(
      `the ${which} database is ahead of this Skydeck (it has migration ${unknown}, which this version does not know): copy with the Skydeck that migrated it`,
    );
  }
  if (which === 'target') return;
  if (applied.length === 0) throw new CopyRefused('the source database has no Skydeck schema (no migrations applied)');
  const missing = known.find((name) => !applied.includes(name));
  if (missing) {
    throw new CopyRefused(
      `the source database is behind this Skydeck (migration ${missing} not applied): start Skydeck on it once or run npm run db:migrate with DATABASE_URL set to it, then copy`,
    );
  }
}

async function refuseUnlessEmpty(db: Database): Promise<void> {
  for (const name of await dataTableNames(db)) {
    const { rows } = await sql`SELECT 1 AS one FROM ${sql.id(name)} LIMIT 1`.execute(db);
    if (rows.length > 0) {
      throw new CopyRefused(
        `the target database already holds data (table ${name} has rows): db:copy fills only an empty database; nothing was copied`,
      );
    }
  }
}

async function describe(db: Database, name: string): Promise<TableInfo> {
  const table = await describeTable(db, name);
  // Batches are read in key order, from where the last one ended: without a key there is no "where".
  if (table.primaryKey.length === 0) throw new CopyRefused(`table ${name} has no primary key: db:copy cannot batch it`);
  return table;
}

/** Tables that others reference come first, so every foreign key finds its row; ties by name. */
export function inDependencyOrder(tables: TableInfo[]): TableInfo[] {
  const ordered: TableInfo[] = [];
  const placed = new Set<string>();
  let waiting = [...tables].sort((a, b) => a.name.localeCompare(b.name));
  // Each round places at least one table, or stops: at most as many rounds as tables.
  while (waiting.length > 0) {
    const ready = waiting.filter((table) => table.references.every((name) => name === table.name || placed.has(name)));
    if (ready.length === 0) {
      const names = waiting.map((table) => table.name).join(', ');
      throw new CopyRefused(`tables ${names} reference each other (or a missing table): db:copy cannot order them`);
    }
    for (const table of ready) placed.add(table.name);
    ordered.push(...ready);
    waiting = waiting.filter((table) => !placed.has(table.name));
  }
  return ordered;
}

async function copyTable(source: Database, target: Database, table: TableInfo, batchRows: number): Promise<number> {
  const columns = table.columns.map((column) => column.name);
  const limit = Math.max(1, Math.min(batchRows, Math.floor(MAX_PARAMETERS / columns.length)));
  let copied = 0;
  let after: unknown[] | undefined;
  // Each batch starts past the last one's key and a short batch is the last: ends after rows / limit + 1 rounds.
  for (;;) {
    const rows = await readBatch(source, table, columns, after, limit);
    if (rows.length > 0) await insertBatch(target, table.name, columns, rows);
    copied += rows.length;
    const last = rows.at(-1);
    if (rows.length < limit || !last) return copied;
    after = table.primaryKey.map((key) => last[key]);
  }
}

function readBatch(
  db: Database,
  table: TableInfo,
  columns: string[],
  after: unknown[] | undefined,
  limit: number,
): Promise<Row[]> {
  const key = sql.join(table.primaryKey.map((name) => sql.id(name)));
  const where = after ? sql`WHERE (${key}) > (${sql.join(after)})` : sql``;
  return sql<Row>`
    SELECT ${sql.join(columns.map((name) => sql.id(name)))} FROM ${sql.id(table.name)}
    ${where} ORDER BY ${key} LIMIT ${limit}`
    .execute(db)
    .then((result) => result.rows);
}

async function insertBatch(db: Database, table: string, columns: string[], rows: Row[]): Promise<void> {
  const values = rows.map((row) => sql`(${sql.join(columns.map((name) => row[name]))})`);
  await sql`INSERT INTO ${sql.id(table)} (${sql.join(columns.map((name) => sql.id(name)))}) VALUES ${sql.join(values)}`.execute(
    db,
  );
}

/**
 * Rows inserted with their ids leave Postgres's sequences at 1: the next new
 * user would collide with user 1. Each restarts at the largest id + 1.
 * (SQLite's AUTOINCREMENT moves past an inserted id by itself: no SQLite column has a sequence, so there
 * this only reads the catalog.)
 */
async function restartSequences(target: Database, tables: TableInfo[]): Promise<void> {
  for (const { name } of tables) {
    const { columns } = await describeTable(target, name);
    for (const column of columns) {
      if (!column.sequence) continue;
      await sql`SELECT setval(${column.sequence}::regclass, COALESCE(MAX(${sql.id(column.name)}), 0) + 1, false)
        FROM ${sql.id(name)}`.execute(target);
    }
  }
}
