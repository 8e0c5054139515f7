import { sql } from 'kysely';
import { createDatabase, type Database } from '../../src/db/database.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { describe, expect, test } from '../fixtures.ts';
import { onPostgres } from './postgres.ts';

async function schemaOf(db: Database) {
  const { rows } = await sql<{ type: string; name: string; sql: string }>`
    SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name`.execute(db);
  return rows;
}

describe('the db fixture', () => {
  // SQLite only: there each test's database is a replay of the migrated schema; Postgres runs the migrations themselves.
  test.skipIf(onPostgres)('is schema for schema what running the real migrations produces', async ({ db }) => {
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
    const at = new Date().toISOString();
    const orphan = { token_hash: 'x', user_id: 12345, created_at: at, expires_at: at };
    await expect(db.insertInto('sessions').values(orphan).execute()).rejects.toThrow(/FOREIGN KEY|foreign key/);
  });

  test('numbers ids from 1 in every test, as a new database does', async ({ db }) => {
    const at = new Date().toISOString();
    const user = { login: 'a', created_at: at, updated_at: at };
    const first = await db
      .insertInto('users')
      .values({ ...user, github_id: 7 })
      .returning('id')
      .executeTakeFirstOrThrow();
    expect(first.id).toBe(1);
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
