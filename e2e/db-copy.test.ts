/**
 * `npm run db:copy` as a real process (`node scripts/run-ts.mjs src/db/copy-cli.ts`, what
 * the npm script runs): its output streams and exit codes. The cases themselves are
 * tested in-process in test/db/copy-command.test.ts; this file only needs
 * Node (`npm run test:e2e -- e2e/db-copy.test.ts`).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { createDatabase } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function dbCopy(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    // Bounded: a copy of two small files takes about a second.
    execFile(
      process.execPath,
      ['scripts/run-ts.mjs', 'src/db/copy-cli.ts', ...args],
      { timeout: 20_000 },
      (error, stdout, stderr) => {
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr });
      },
    );
  });
}

/** A migrated Skydeck file holding two users. */
async function skydeckFile(url: string): Promise<void> {
  const db = createDatabase(url);
  await migrateToLatest(db);
  await db
    .insertInto('users')
    .values([1, 2].map((id) => ({ id, github_id: id, login: `user${id}`, created_at: 'c', updated_at: 'u' })))
    .execute();
  await db.destroy();
}

// The three runs go at once: each is a process start (~1 s of CPU), and none depends on another.
test('copies with rows per table and exit 0; a target with data: one line, exit 1; bad arguments: exit 2', async ({
  onTestFinished,
}) => {
  const folder = mkdtempSync(join(tmpdir(), 'skydeck-copy-cli-'));
  onTestFinished(() => rmSync(folder, { recursive: true, force: true }));
  const [from, empty, full] = ['source', 'empty', 'full'].map((name) => `file:${join(folder, `${name}.db`)}`) as [
    string,
    string,
    string,
  ];
  await skydeckFile(from);
  await skydeckFile(full);

  const [copied, refused, usage] = await Promise.all([dbCopy(from, empty), dbCopy(from, full), dbCopy(from)]);

  expect(copied).toMatchObject({ code: 0, stderr: '' });
  expect(copied.stdout).toMatch(/^users: 2 rows$/m);
  expect(copied.stdout).toMatch(/^cities: 0 rows$/m);
  expect(copied.stdout.trimEnd().split('\n').at(-1)).toBe(
    `skydeck: copied 2 rows in 7 tables from ${from} to ${empty}`,
  );
  expect(refused).toEqual({
    code: 1,
    stdout: '',
    stderr:
      'skydeck: db:copy refused: the target database already holds data (table users has rows): db:copy fills only an empty database; nothing was copied\n',
  });
  expect(usage).toMatchObject({ code: 2, stdout: '' });
  expect(usage.stderr).toMatch(/^skydeck: db:copy: expected 2 database URLs, got 1; usage: npm run db:copy -- .*\n$/);
});
