/**
 * The suite on PostgreSQL (`npm run test:pg`). Each worker gets a schema of its
 * own in TEST_DATABASE_URL's database, migrated once with the real migrations;
 * before every test its tables are emptied and their sequences restarted
 * (~1 ms; TRUNCATE costs ~5), so no test sees another's rows, as on SQLite.
 * Tests that need real commits from several apps at once (cross-instance
 * races) take a schema of their own with `isolatedPostgres()`.
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { createDatabase, type Database } from '../../src/db/database.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import type { WorkerDatabase } from './database.ts';

/** `npm run test:pg` sets SKYDECK_TEST_DB=postgres; `npm test` never needs a server. */
export const onPostgres = process.env.SKYDECK_TEST_DB === 'postgres';

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A connection string whose connections all work in `schema` (pg passes `options` to the server). */
export function urlInSchema(schema: string, base = TEST_DATABASE_URL): string {
  const url = new URL(base);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return url.href;
}

export interface PostgresSchema {
  name: string;
  /** A connection string for this schema: give it to as many apps or processes as the test needs. */
  url: string;
  drop(): Promise<void>;
}

/** A new, empty schema that only this test (or worker) uses; `drop()` removes it and everything in it. */
export async function isolatedPostgres(): Promise<PostgresSchema> {
  const name = `skydeck_test_${randomBytes(6).toString('hex')}`;
  const admin = createDatabase(TEST_DATABASE_URL, { poolMax: 1 });
  await sql`CREATE SCHEMA ${sql.id(name)}`.execute(admin);
  return {
    name,
    url: urlInSchema(name),
    async drop() {
      await sql`DROP SCHEMA IF EXISTS ${sql.id(name)} CASCADE`.execute(admin);
      await admin.destroy();
    },
  };
}

export async function postgresWorkerDatabase(): Promise<WorkerDatabase> {
  const schema = await isolatedPostgres();
  const db = createDatabase(schema.url, { poolMax: 4 });
  await migrateToLatest(db);
  const empty = await emptyingStatement(db, schema.name);
  return {
    db,
    async fresh() {
      await sql.raw(empty).execute(db);
      return () => {};
    },
    async close() {
      await db.destroy();
      await schema.drop();
    },
  };
}

/**
 * One statement that deletes every row of the schema's tables (the migrator's
 * own excepted), tables referenced by foreign keys last, and restarts every
 * sequence, so ids start at 1 in every test as they do on a fresh SQLite.
 */
async function emptyingStatement(db: Database, schema: string): Promise<string> {
  const { rows: tables } = await sql<{ name: string; referenced: boolean }>`
    SELECT c.relname AS name,
           EXISTS (SELECT 1 FROM pg_constraint f WHERE f.confrelid = c.oid AND f.contype = 'f') AS referenced
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = ${schema} AND c.relkind = 'r' AND c.relname NOT LIKE 'kysely_%'
    ORDER BY referenced, c.relname`.execute(db);
  const { rows: sequences } = await sql<{ name: string }>`
    SELECT sequence_name AS name FROM information_schema.sequences WHERE sequence_schema = ${schema}`.execute(db);
  return [
    ...tables.map((table) => `DELETE FROM "${table.name}"`),
    ...sequences.map((sequence) => `ALTER SEQUENCE "${sequence.name}" RESTART`),
  ].join('; ');
}
