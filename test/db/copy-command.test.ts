/**
 * `npm run db:copy` in-process: its arguments, its lines, its exit codes
 * (e2e/db-copy.test.ts runs it once as a real process).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';
import { CopyRefused } from '../../src/db/copy.ts';
import { failureLine, redacted, runCopyCommand, USAGE } from '../../src/db/copy-command.ts';
import { createDatabase } from '../../src/db/database.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { describe, expect, test } from '../fixtures.ts';
import { isolatedPostgres, onPostgres, urlInSchema } from '../support/postgres.ts';

/** A folder of the test's own, gone when it ends, with a migrated Skydeck file holding one user: source.db. */
async function sourceFolder(): Promise<string> {
  const folder = mkdtempSync(join(tmpdir(), 'skydeck-copy-command-'));
  onTestFinished(() => rmSync(folder, { recursive: true, force: true }));
  const db = createDatabase(`file:${join(folder, 'source.db')}`);
  await migrateToLatest(db);
  await db
    .insertInto('users')
    .values({ id: 4, github_id: 4, login: 'ana', created_at: 'c', updated_at: 'u' })
    .execute();
  await db.destroy();
  return folder;
}

function recorder() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, output: { out: (line: string) => out.push(line), err: (line: string) => err.push(line) } };
}

describe('npm run db:copy', () => {
  test('copies, printing rows per table and one line at the end; exit 0', async () => {
    const folder = await sourceFolder();
    const { out, err, output } = recorder();
    const from = `file:${join(folder, 'source.db')}`;
    const to = `file:${join(folder, 'copy', 'target.db')}`;

    expect(await runCopyCommand([from, to], output)).toBe(0);

    expect(err).toEqual([]);
    expect(out).toContain('users: 1 row');
    expect(out).toContain('cities: 0 rows');
    expect(out.at(-1)).toBe(`skydeck: copied 1 row in 7 tables from ${from} to ${to}`);
    const copy = createDatabase(to);
    expect(await copy.selectFrom('users').select(['id', 'login']).execute()).toEqual([{ id: 4, login: 'ana' }]);
    await copy.destroy();
  });

  test('a target with data: one line, exit 1, nothing copied', async () => {
    const folder = await sourceFolder();
    const { out, err, output } = recorder();
    const from = `file:${join(folder, 'source.db')}`;
    const to = `file:${join(folder, 'target.db')}`;
    await runCopyCommand([from, to], recorder().output);

    expect(await runCopyCommand([from, to], output)).toBe(1);

    expect(out).toEqual([]);
    expect(err).toEqual([
      'skydeck: db:copy refused: the target database already holds data (table users has rows): db:copy fills only an empty database; nothing was copied',
    ]);
  });

  test('a source file that is not there: one line, exit 1, and no file made at either path', async () => {
    const folder = await sourceFolder();
    const { out, err, output } = recorder();
    const missing = join(folder, 'typo.db');
    const to = join(folder, 'target.db');

    expect(await runCopyCommand([`file:${missing}`, `file:${to}`], output)).toBe(1);

    expect(err).toEqual([`skydeck: db:copy refused: the source file ${missing} does not exist`]);
    expect(out).toEqual([]);
    expect(existsSync(missing)).toBe(false);
    expect(existsSync(to)).toBe(false);
  });

  test('the usage names the command and both URLs, as a person would type them', async () => {
    const { err, output } = recorder();
    await runCopyCommand([], output);
    expect(err).toEqual([
      'skydeck: db:copy: expected 2 database URLs, got 0; ' +
        'usage: npm run db:copy -- <from DATABASE_URL> <to DATABASE_URL> (file:<path> or postgres://…)',
    ]);
  });

  test.for([
    [[], 'expected 2 database URLs, got 0'],
    [['file:a.db'], 'expected 2 database URLs, got 1'],
    [['file:a.db', 'file:b.db', 'file:c.db'], 'expected 2 database URLs, got 3'],
    [[':memory:', 'file:b.db'], 'the source is not a file:<path> or postgres:// URL'],
    [['file:', 'file:b.db'], 'the source is not a file:<path> or postgres:// URL'],
    [['file:a.db', 'mysql://root:hunter2@db/skydeck'], 'the target is not a file:<path> or postgres:// URL'],
    [['file:a.db', 'postgres://u:hunter2@[::1/skydeck'], 'the target is not a file:<path> or postgres:// URL'],
    [['postgres://u:hunter2@db/skydeck', 'postgres://u:hunter2@db/skydeck'], 'the source and the target are the same'],
  ] as [string[], string][])('bad arguments %j: one line of usage, exit 2', async ([args, problem]) => {
    const { out, err, output } = recorder();
    expect(await runCopyCommand(args, output)).toBe(2);
    expect(err).toEqual([`skydeck: db:copy: ${problem}; ${USAGE}`]);
    expect(err.join('')).not.toContain('hunter2');
    expect(out).toEqual([]);
  });

  test('a database that cannot be reached: one line, exit 1, no password in it', async () => {
    const folder = await sourceFolder();
    const { out, err, output } = recorder();
    const from = `file:${join(folder, 'source.db')}`;
    // Port 1: nothing listens there, so the connection is refused at once.
    expect(await runCopyCommand([from, 'postgres://skydeck:hunter2@127.0.0.1:1/skydeck'], output)).toBe(1);
    expect(err).toEqual([expect.stringMatching(/^skydeck: db:copy failed: .*ECONNREFUSED/)]);
    expect(out).toEqual([]);
    expect(err.join('')).not.toContain('hunter2');
  });

  test('a password the driver happens to quote is hidden, whatever it is', async () => {
    const folder = await sourceFolder();
    const { err, output } = recorder();
    // The password is the host's address, so the driver's "connect ECONNREFUSED 127.0.0.1:1" quotes it.
    const to = 'postgres://skydeck:127.0.0.1@127.0.0.1:1/skydeck';
    expect(await runCopyCommand([`file:${join(folder, 'source.db')}`, to], output)).toBe(1);
    expect(err).toEqual([expect.stringMatching(/^skydeck: db:copy failed: .*ECONNREFUSED \*\*\*:1/)]);
  });

  test.skipIf(!onPostgres)('to PostgreSQL: the URL is printed with its password hidden', async () => {
    const folder = await sourceFolder();
    const schema = await isolatedPostgres();
    try {
      const { out, err, output } = recorder();
      const url = new URL(urlInSchema(schema.name));
      url.username = 'postgres';
      url.password = 'hunter2'; // the test server trusts: any password is accepted
      expect(await runCopyCommand([`file:${join(folder, 'source.db')}`, url.href], output)).toBe(0);
      expect(err).toEqual([]);
      expect(out.join('\n')).not.toContain('hunter2');
      expect(out.at(-1)).toContain('to postgres://postgres:***@127.0.0.1:5432/test?options=');
    } finally {
      await schema.drop();
    }
  });
});

describe('redacted', () => {
  test.for([
    ['postgres://skydeck:hunter2@db.internal:5432/skydeck', 'postgres://skydeck:***@db.internal:5432/skydeck'],
    [
      'postgresql://db/skydeck?password=hunter2&sslmode=require',
      'postgresql://db/skydeck?password=***&sslmode=require',
    ],
    ['postgres://skydeck@db/skydeck', 'postgres://skydeck@db/skydeck'],
    ['file:./data/skydeck.db', 'file:./data/skydeck.db'],
  ])('%s → %s', ([url, shown]) => {
    expect(redacted(url!)).toBe(shown);
  });
});

describe('failureLine', () => {
  // The last is a file: URL that `new URL` cannot read (a space in its host): a file has no password to look for.
  const urls = [
    'file:a.db',
    'postgres://u:p%40ss@db/x',
    'postgres://v:%zz@db/x',
    'postgres://db/x?password=s3cret',
    'file://a b/c.db',
  ];

  test.for([
    [new CopyRefused('the target database already holds data'), 'refused: the target database already holds data'],
    [new Error('auth failed for p%40ss, p@ss, %zz and\n  s3cret'), 'failed: auth failed for ***, ***, *** and ***'],
    [Object.assign(new AggregateError([], ''), { code: 'ECONNREFUSED' }), 'failed: ECONNREFUSED'],
    [new Error(''), 'failed: unknown error'],
    [new Error('\n  connection reset \n'), 'failed: connection reset'],
    ['a thrown string', 'failed: a thrown string'],
  ] as [unknown, string][])('%s → one line, passwords hidden', ([error, line]) => {
    expect(failureLine(error, urls)).toBe(`skydeck: db:copy ${line}`);
  });
});
