/** Opening SQLite from DATABASE_URL: `:memory:` stays in memory; a file: URL makes its folder and uses WAL. */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';
import { openSqlite, SQLITE_BUSY_TIMEOUT_MS, sqlitePath } from '../../src/db/database.ts';
import { expect, test } from '../fixtures.ts';

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
