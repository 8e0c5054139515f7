import { sql } from 'kysely';
import { createDatabase, type Database } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { describe, expect, test } from '../fixtures.js';

async function schemaOf(db: Database) {
  const { rows } = await sql<{ type: string; name: string; sql: string }>`
    SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name`.execute(db);
  return rows;
}

describe('the db fixture', () => {
  test('is schema for schema what running the real migrations produces', async ({ db }) => {
    const migrated = createDatabase(':memory:');
    await migrateToLatest(migrated);
    expect(await schemaOf(db)).toEqual(await schemaOf(migrated));
    expect((await schemaOf(db)).length).toBeGreaterThan(3);
    await migrated.destroy();
  });

  test('counts as migrated: the migrator finds nothing to do', async ({ db }) => {
    expect((await migrateToLatest(db)).results).toEqual([]);
  });

  test('enforces foreign keys, as the server does', async ({ db }) => {
    const { rows } = await sql<{ foreign_keys: number }>`PRAGMA foreign_keys`.execute(db);
    expect(rows[0]?.foreign_keys).toBe(1);
  });

  test('is fresh in every test', async ({ db }) => {
    const at = new Date().toISOString();
    await db.insertInto('users').values({ github_id: 1, login: 'a', created_at: at, updated_at: at }).execute();
    expect(await db.selectFrom('users').selectAll().execute()).toHaveLength(1);
  });

  test('is fresh in every test (the user above is gone)', async ({ db }) => {
    expect(await db.selectFrom('users').selectAll().execute()).toEqual([]);
  });
});
