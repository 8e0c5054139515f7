/**
 * Opening the database DATABASE_URL names: `:memory:` stays in memory; a file: URL makes its folder and uses WAL;
 * a PostgreSQL pool holds at most DATABASE_POOL_MAX connections (`npm run test:pg`).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { onTestFinished } from 'vitest';
import { createDatabase, openSqlite, SQLITE_BUSY_TIMEOUT_MS, sqlitePath } from '../../src/db/database.ts';
import { expect, test } from '../fixtures.ts';
import { onPostgres, TEST_DATABASE_URL } from '../support/postgres.ts';

const pragma = (sqlite: ReturnType<typeof openSqlite>, name: string) =>
  Object.values(sqlite.prepare(`PRAGMA ${name}`).get() as Record<string, unknown>)[0];

test(':memory: is a database in memory, with foreign keys on', () => {
  const sqlite = openSqlite(':memory:');
  onTestFinished(() => {
    sqlite.close();
  });
  expect(sqlitePath(':memory:')).toBe(':memory:');
  expect(sqlite.memory).toBe(true);
  expect(pragma(sqlite, 'foreign_keys')).toBe(1);
});

test('a file: URL opens that file, making its folder, in WAL mode', () => {
  const folder = mkdtempSync(join(tmpdir(), 'skydeck-open-'));
  onTestFinished(() => rmSync(folder, { recursive: true, force: true }));
  const path = join(folder, 'nested', 'skydeck.db');
  const sqlite = openSqlite(`file:${path}`);
  onTestFinished(() => {
    sqlite.close();
  });
  expect(sqlitePath(`file:${path}`)).toBe(path);
  expect(sqlite.memory).toBe(false);
  expect(pragma(sqlite, 'journal_mode')).toBe('wal');
  expect(pragma(sqlite, 'busy_timeout')).toBe(SQLITE_BUSY_TIMEOUT_MS);
  expect(existsSync(path)).toBe(true);
});

test.runIf(onPostgres).for([
  [2, 2],
  [undefined, 3], // pg's default, 10, is more than this test asks for
] as const)('PostgreSQL with poolMax %s: %s connections for 3 queries at once', async ([poolMax, connections]) => {
  const db = createDatabase(TEST_DATABASE_URL, { poolMax });
  onTestFinished(() => db.destroy());
  const backend = () => sql<{ pid: number }>`SELECT pg_backend_pid() AS pid, pg_sleep(0.05)`.execute(db);
  const answers = await Promise.all([backend(), backend(), backend()]);
  expect(new Set(answers.map(({ rows }) => rows[0]?.pid)).size).toBe(connections);
});
