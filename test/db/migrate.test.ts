import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Kysely, type Migration, sql } from 'kysely';
import { createDatabase } from '../../src/db/database.ts';
import { MigrationError, migrateToLatest, withTablesOfSchema } from '../../src/db/migrate.ts';
import { migrations } from '../../src/db/migrations/index.ts';
import { describe, expect, test } from '../fixtures.ts';
import { isolatedPostgres, onPostgres } from '../support/postgres.ts';

const createThings: Migration = {
  up: async (db: Kysely<unknown>) => {
    await db.schema
      .createTable('things')
      .addColumn('id', 'integer', (c) => c.primaryKey())
      .execute();
  },
  down: async (db: Kysely<unknown>) => {
    await db.schema.dropTable('things').execute();
  },
};
const broken: Migration = {
  up: async (db: Kysely<unknown>) => {
    await sql`CREATE TABLE nonsense (`.execute(db);
  },
};

async function tableNames(db: { introspection: Kysely<unknown>['introspection'] }): Promise<string[]> {
  const tables = await db.introspection.getTables();
  return tables.map((table) => table.name).sort();
}

describe('migrateToLatest', () => {
  // An empty database, not the `db` fixture: that one already carries the real migrations.
  test.override('db', async ({}, { onCleanup }) => {
    const db = createDatabase(':memory:');
    onCleanup(() => db.destroy());
    return db;
  });

  test('applies pending migrations in order, once', async ({ db }) => {
    const first = await migrateToLatest(db, { '001_things': createThings });
    expect(first.results).toEqual([{ migrationName: '001_things', direction: 'Up', status: 'Success' }]);
    expect(await tableNames(db)).toContain('things');

    const again = await migrateToLatest(db, { '001_things': createThings });
    expect(again.results).toEqual([]);
  });

  test('a failing migration stops start-up with its name', async ({ db }) => {
    const attempt = migrateToLatest(db, { '001_things': createThings, '002_broken': broken });
    await expect(attempt).rejects.toThrow(MigrationError);
    // The one that failed is named, not the one that ran before it; the driver's error is kept as the cause.
    await expect(attempt).rejects.toThrow(/^migration 002_broken failed: /);
    await expect(attempt).rejects.toMatchObject({ cause: expect.any(Error) });
    // A failed start prints the error whole, so its name is the first thing the person reads.
    await expect(attempt).rejects.toMatchObject({ name: 'MigrationError' });
    await expect(migrateToLatest(db, { '001_things': createThings, '002_broken': broken })).rejects.toThrow(
      /migration 002_broken failed/,
    );
  });

  test('a database that is ahead of the code refuses to start', async ({ db }) => {
    await migrateToLatest(db, { '001_things': createThings });
    await expect(migrateToLatest(db, {})).rejects.toThrow(/^migrations failed: .*001_things is missing/);
  });

  test('the real migrations apply to a fresh file database, which survives a reopen', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'skydeck-db-')), 'nested', 'skydeck.db');
    const db = createDatabase(`file:${file}`);
    await migrateToLatest(db);
    const before = await tableNames(db);
    await db.destroy();

    const reopened = createDatabase(`file:${file}`);
    const after = await migrateToLatest(reopened);
    expect(after.results).toEqual([]);
    expect(await tableNames(reopened)).toEqual(before);
    const { rows } = await sql<{ journal_mode: string }>`PRAGMA journal_mode`.execute(reopened);
    expect(rows[0]?.journal_mode).toBe('wal');
    await reopened.destroy();
  });

  test('004_user_units: users who signed in before it read in metric; down removes the column', async ({ db }) => {
    const before = Object.fromEntries(Object.entries(migrations).filter(([name]) => name < '004'));
    await migrateToLatest(db, before);
    const at = '2026-11-27T12:00:00.000Z';
    await sql`INSERT INTO users (github_id, login, created_at, updated_at) VALUES (1, 'early', ${at}, ${at})`.execute(
      db,
    );

    const upTo004 = Object.fromEntries(Object.entries(migrations).filter(([name]) => name <= '004_user_units'));
    const after = await migrateToLatest(db, upTo004);
    expect(after.results?.map((result) => result.migrationName)).toEqual(['004_user_units']);
    const { rows } = await sql<{ units: string }>`SELECT units FROM users`.execute(db);
    expect(rows).toEqual([{ units: 'metric' }]);

    await migrations['004_user_units']?.down?.(db as never);
    const columns = (await db.introspection.getTables()).find((table) => table.name === 'users')?.columns;
    expect(columns?.map((column) => column.name)).not.toContain('units');
  });
});

describe.runIf(onPostgres)('migrateToLatest on a PostgreSQL server that other clients share', () => {
  // Kysely's migrator used to list every table of every schema on the server; a schema dropped during that
  // scan failed the migration ("schema … does not exist"), which the shuffled test:pg runs met when one
  // worker's first start overlapped another's clean-up. Here schemas come and go all the while.
  // Six migrations and a dozen schemas created and dropped: seconds on a loaded machine, more than the default 5 s.
  test('the migrator sees the tables of its own schema only, and leaves the migration lock free', async () => {
    const [mine, other] = [await isolatedPostgres(), await isolatedPostgres()];
    const [db, otherDb] = [createDatabase(mine.url, { poolMax: 1 }), createDatabase(other.url, { poolMax: 1 })];
    try {
      await sql`CREATE TABLE elsewhere (id integer)`.execute(otherDb);
      await migrateToLatest(db, { '001_things': createThings });
      const introspection = withTablesOfSchema(db, mine.name).introspection;
      const names = (tables: { name: string }[]) => [...tables].sort((a, b) => a.name.localeCompare(b.name));
      const expected = ['kysely_migration', 'kysely_migration_lock', 'things'].map((name) => ({
        name,
        schema: mine.name,
        isView: false,
        columns: [],
      }));
      expect(names(await introspection.getTables())).toEqual(expected);
      expect(names((await introspection.getMetadata()).tables)).toEqual(expected);
      // Another session can take the schema's lock at once: the run released it.
      const { rows } = await sql<{ free: boolean }>`
        SELECT pg_try_advisory_lock(hashtext('skydeck:migrate:' || ${mine.name})) AS free`.execute(otherDb);
      expect(rows[0]?.free).toBe(true);
    } finally {
      await Promise.all([db.destroy(), otherDb.destroy()]);
      await Promise.all([mine.drop(), other.drop()]);
    }
  });

  test('first starts beside a client creating and dropping schemas all succeed', { timeout: 30_000 }, async () => {
    let churning = true;
    const churn = (async () => {
      while (churning) {
        const other = await isolatedPostgres();
        const db = createDatabase(other.url, { poolMax: 1 });
        await sql`CREATE TABLE t (id serial PRIMARY KEY)`.execute(db);
        await db.destroy();
        await other.drop();
      }
    })();
    try {
      for (let start = 0; start < 6; start++) {
        const schema = await isolatedPostgres();
        const db = createDatabase(schema.url, { poolMax: 1 });
        try {
          expect((await migrateToLatest(db, { '001_things': createThings })).results).toHaveLength(1); // it throws on failure
          const { rows } = await sql<{ name: string }>`
            SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema()`.execute(db);
          expect(rows.map((row) => row.name).sort()).toEqual(['kysely_migration', 'kysely_migration_lock', 'things']);
        } finally {
          await db.destroy();
          await schema.drop();
        }
      }
    } finally {
      churning = false;
      await churn;
    }
  });
});
