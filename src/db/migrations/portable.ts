/**
 * The few column types SQLite and PostgreSQL spell differently, so one set of
 * migrations serves both databases.
 */
import type { CreateTableBuilder, Kysely } from 'kysely';
import { isPostgres } from '../database.ts';

/** An auto-numbered integer primary key: `bigserial` on Postgres (ids as large as the API accepts), `integer … autoincrement` on SQLite. */
export function withId<T extends string>(db: Kysely<unknown>, table: CreateTableBuilder<T, never>) {
  return isPostgres(db)
    ? table.addColumn('id', 'bigserial', (c) => c.primaryKey())
    : table.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
}

/** 8-byte floats on both: Postgres's `real` is 4 bytes (six digits), SQLite's is 8. */
export const FLOAT = 'double precision';
