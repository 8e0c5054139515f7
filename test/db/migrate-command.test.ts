/**
 * `npm run db:migrate` in-process (src/db/migrate-command.ts): its lines, its exit codes, and the database
 * closed whatever happened. migrate-cli.ts only hands it the environment and the console.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { onTestFinished } from 'vitest';
import { createDatabase, type Database, type DatabaseOptions } from '../../src/db/database.ts';
import { runMigrateCommand } from '../../src/db/migrate-command.ts';
import { migrations } from '../../src/db/migrations/index.ts';
import { describe, expect, test } from '../fixtures.ts';
import { TEST_ENV } from '../support/config.ts';

/** A database file path in a folder of the test's own, gone when it ends; the file itself is not made. */
function databaseFile(): string {
  const folder = mkdtempSync(join(tmpdir(), 'skydeck-migrate-command-'));
  onTestFinished(() => rmSync(folder, { recursive: true, force: true }));
  return join(folder, 'skydeck.db');
}

function recorder() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, output: { out: (line: string) => out.push(line), err: (line: string) => err.push(line) } };
}

/** createDatabase, keeping what the command opened and how, to look at after it returns. */
function watchedOpen() {
  const opened: Array<{ url: string; options: DatabaseOptions; db: Database }> = [];
  const open = (url: string, options: DatabaseOptions) => {
    const db = createDatabase(url, options);
    opened.push({ url, options, db });
    return db;
  };
  return { opened, open };
}

/** Whether `db` has been closed: Kysely refuses every query after destroy(). */
async function closed(db: Database): Promise<boolean> {
  try {
    await sql`SELECT 1`.execute(db);
    return false;
  } catch (error) {
    return (error as Error).message === 'driver has already been destroyed';
  }
}

describe('npm run db:migrate', () => {
  test('a fresh database: one line per migration applied, then how many; exit 0, database closed', async () => {
    const url = `file:${databaseFile()}`;
    const { out, err, output } = recorder();
    const { opened, open } = watchedOpen();

    expect(await runMigrateCommand({ ...TEST_ENV, DATABASE_URL: url }, output, open)).toBe(0);

    const names = Object.keys(migrations);
    expect(names.length).toBeGreaterThanOrEqual(5);
    expect(out).toEqual([
      ...names.map((name) => `skydeck: migration ${name}: Success`),
      `skydeck: applied ${names.length}`,
    ]);
    expect(err).toEqual([]);
    // DATABASE_URL, with one connection: the migrations run one at a time.
    expect(opened.map(({ url, options }) => ({ url, options }))).toEqual([{ url, options: { poolMax: 1 } }]);
    expect(await closed(opened[0]!.db)).toBe(true);
  });

  test('run again: the schema is up to date, nothing applied; exit 0, database closed', async () => {
    const env = { ...TEST_ENV, DATABASE_URL: `file:${databaseFile()}` };
    await runMigrateCommand(env, recorder().output);
    const { out, err, output } = recorder();
    const { opened, open } = watchedOpen();

    expect(await runMigrateCommand(env, output, open)).toBe(0);

    expect(out).toEqual(['skydeck: the schema is up to date']);
    expect(err).toEqual([]);
    expect(await closed(opened[0]!.db)).toBe(true);
  });

  test('a bad configuration: one line naming the variable, exit 1, no database opened', async () => {
    const path = databaseFile();
    const { out, err, output } = recorder();
    const { opened, open } = watchedOpen();

    expect(await runMigrateCommand({ ...TEST_ENV, DATABASE_URL: `file:${path}`, PORT: 'abc' }, output, open)).toBe(1);

    expect(err).toEqual(['skydeck: db:migrate failed: configuration error: PORT must be a whole number, got "abc"']);
    expect(out).toEqual([]);
    expect(opened).toEqual([]);
    expect(existsSync(path)).toBe(false);
  });

  test('a migration that fails: one line with its name and why, exit 1, database closed', async () => {
    const url = `file:${databaseFile()}`;
    // Someone else's table where the first migration creates Skydeck's.
    const other = createDatabase(url);
    await sql`CREATE TABLE users (id integer)`.execute(other);
    await other.destroy();
    const { out, err, output } = recorder();
    const { opened, open } = watchedOpen();

    expect(await runMigrateCommand({ ...TEST_ENV, DATABASE_URL: url }, output, open)).toBe(1);

    expect(err).toEqual([
      'skydeck: db:migrate failed: migration 001_users_and_sessions failed: SqliteError: table "users" already exists',
    ]);
    expect(out).toEqual([]);
    expect(await closed(opened[0]!.db)).toBe(true);
  });
});
