/**
 * The migrations' `down` functions, which nothing in Skydeck runs (it only migrates up): they must still undo
 * exactly what their `up` did, for whoever rolls a release back by hand. On an empty SQLite database in memory,
 * through Kysely's Migrator over the same list migrate.ts gives it.
 */
import { Migrator, NO_MIGRATIONS, sql } from 'kysely';
import { createDatabase, type Database } from '../../src/db/database.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { migrations } from '../../src/db/migrations/index.ts';
import { describe, expect, test } from '../fixtures.ts';

const NAMES = Object.keys(migrations);
/** Kysely's own bookkeeping, which stays when every migration is undone. */
const BOOKKEEPING = ['kysely_migration', 'kysely_migration_lock'];

/** The migrator migrate.ts builds, over the real list. */
function migrator(db: Database): Migrator {
  return new Migrator({ db, provider: { getMigrations: async () => migrations } });
}

interface SchemaObject {
  type: string;
  name: string;
  sql: string | null;
}

/**
 * Every table and index, with the SQL SQLite keeps for it (which an ALTER TABLE edits), Kysely's bookkeeping
 * aside. SQLite's own objects are left out: its indexes for keys follow their table, and sqlite_sequence, made
 * by the first AUTOINCREMENT table, is never dropped.
 */
async function schema(db: Database): Promise<SchemaObject[]> {
  const { rows } = await sql<SchemaObject>`
    SELECT type, name, sql FROM sqlite_master
    WHERE name NOT LIKE 'sqlite_%' AND name NOT IN ('kysely_migration', 'kysely_migration_lock')
    ORDER BY type, name`.execute(db);
  return rows;
}

async function allNames(db: Database): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    SELECT name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name`.execute(db);
  return rows.map((row) => row.name);
}

describe('the migrations, down', () => {
  // An empty database, not the `db` fixture: that one already carries the real migrations.
  test.override('db', async ({}, { onCleanup }) => {
    const db = createDatabase(':memory:');
    onCleanup(() => db.destroy());
    return db;
  });

  test('all the way down: every table and index they made is gone; then all the way up again', async ({ db }) => {
    await migrateToLatest(db);
    const latest = await schema(db);
    expect(latest.filter((object) => object.type === 'table').map((table) => table.name)).toEqual([
      'cities',
      'monthly_summaries',
      'oauth_attempts',
      'sessions',
      'snapshot_ticks',
      'users',
      'weather_samples',
    ]);
    expect(latest.filter((object) => object.type === 'index').map((index) => index.name)).toEqual([
      'cities_city_key',
      'oauth_attempts_expires_at',
      'sessions_expires_at',
      'sessions_user_id',
      'weather_samples_recorded_at',
    ]);

    const down = await migrator(db).migrateTo(NO_MIGRATIONS);

    expect(down.error).toBeUndefined();
    expect(down.results).toEqual(
      NAMES.toReversed().map((migrationName) => ({ migrationName, direction: 'Down', status: 'Success' })),
    );
    expect(await allNames(db)).toEqual(BOOKKEEPING);

    const up = await migrateToLatest(db);
    expect(up.results?.map((result) => result.status)).toEqual(NAMES.map(() => 'Success'));
    expect(await schema(db)).toEqual(latest);
  });

  test('each down undoes its own up exactly: the schema is again what it was before that up', async ({ db }) => {
    const before = [await schema(db)];
    for (const name of NAMES) {
      const { results } = await migrator(db).migrateUp();
      expect(results).toEqual([{ migrationName: name, direction: 'Up', status: 'Success' }]);
      before.push(await schema(db));
    }

    for (let index = NAMES.length - 1; index >= 0; index--) {
      const name = NAMES[index];
      const { results, error } = await migrator(db).migrateDown();
      expect(error).toBeUndefined();
      expect(results).toEqual([{ migrationName: name, direction: 'Down', status: 'Success' }]);
      expect(await schema(db), `after ${name} down`).toEqual(before[index]);
    }
    expect(before[0]).toEqual([]);
  });
});
