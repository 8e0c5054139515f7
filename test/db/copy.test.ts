/**
 * db:copy in-process, in every direction the databases allow: SQLite to
 * SQLite under `npm test`, SQLite ↔ PostgreSQL under `npm run test:pg` (each
 * on a schema of the test's own). What is compared is read from each
 * database's own catalog (Kysely's introspection on SQLite, information_schema
 * on PostgreSQL), not from copy.ts, and the
 * seed must fill every table there is: a table a migration adds and the copy
 * skips fails here.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Insertable, type Kysely, type KyselyPlugin, type Migration, type QueryId, RawNode, sql } from 'kysely';
import { onTestFinished } from 'vitest';
import { dataTableNames, describeTable, type TableInfo } from '../../src/db/catalog.ts';
import { COPY_BATCH_ROWS, CopyRefused, copyDatabase, inDependencyOrder, MAX_PARAMETERS } from '../../src/db/copy.ts';
import { createDatabase, type Database, isPostgres } from '../../src/db/database.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { migrations } from '../../src/db/migrations/index.ts';
import type { Tables } from '../../src/db/schema.ts';
import { describe, expect, test } from '../fixtures.ts';
import { isolatedPostgres, onPostgres } from '../support/postgres.ts';

type Kind = 'sqlite memory' | 'sqlite file' | 'postgres';
/** The database a test's other side lives on: PostgreSQL under `npm run test:pg`, a SQLite file otherwise. */
const other: Kind = onPostgres ? 'postgres' : 'sqlite file';

/**
 * A new, empty database of `kind`, gone when the test ends. (A helper, not a `test.extend` fixture: an extended
 * test gets worker fixtures of its own, a second msw server among them, which would answer for other files.)
 */
const urls = new WeakMap<Database, string>();

async function open(kind: Kind): Promise<Database> {
  if (kind === 'sqlite memory') {
    const db = createDatabase(':memory:');
    onTestFinished(() => db.destroy());
    return db;
  }
  if (kind === 'sqlite file') {
    const folder = mkdtempSync(join(tmpdir(), 'skydeck-copy-'));
    const url = `file:${join(folder, 'skydeck.db')}`;
    const db = createDatabase(url);
    urls.set(db, url);
    onTestFinished(async () => {
      await db.destroy();
      rmSync(folder, { recursive: true, force: true });
    });
    return db;
  }
  const schema = await isolatedPostgres();
  const db = createDatabase(schema.url, { poolMax: 2 });
  urls.set(db, schema.url);
  onTestFinished(async () => {
    await db.destroy();
    await schema.drop();
  });
  return db;
}

/** A connection of its own to the database `db` (a file or a schema) is: what another process would have. */
function anotherConnection(db: Database): Database {
  const other = createDatabase(urls.get(db) as string, { poolMax: 1 });
  onTestFinished(() => other.destroy());
  return other;
}

/** A migrated database of `kind` holding `seed`. */
async function sourceOf(kind: Kind, rows = seed): Promise<Database> {
  const db = await open(kind);
  await migrateToLatest(db);
  await insertSeed(db, rows);
  return db;
}

// Every table Skydeck has (TypeScript refuses a table of schema.ts left out), with the values that are easy to
// lose on the way: ids with gaps, floats at their limits, nulls, JSON text, unicode, ISO timestamps.
const seed: { [T in keyof Tables]: Insertable<Tables[T]>[] } = {
  users: [
    {
      id: 7,
      github_id: 2 ** 40 + 3,
      login: 'ana',
      name: 'Zoë Ångström 李 🌦',
      avatar_url: 'https://avatars.example/u/7?v=4',
      location: 'Reykjavík',
      units: 'imperial',
      created_at: '2026-01-02T03:04:05.678Z',
      updated_at: '2026-11-27T12:00:00.000Z',
    },
    {
      id: 12,
      github_id: 5,
      login: 'bo',
      name: null,
      avatar_url: null,
      location: null,
      units: 'metric',
      created_at: '2026-02-01T00:00:00.000Z',
      updated_at: '2026-02-01T00:00:00.000Z',
    },
  ],
  sessions: [
    {
      token_hash: 'a1',
      user_id: 7,
      data: '{"username":"ana","note":"ünï \\"quoted\\" \\n"}',
      created_at: '2026-11-27T12:00:00.000Z',
      expires_at: '2026-12-27T12:00:00.000Z',
    },
    { token_hash: 'b2', user_id: null, data: '{}', created_at: '2026-11-27T12:00:00.000Z', expires_at: 'z' },
  ],
  oauth_attempts: [{ id_hash: 'c3', state: 'st', code_verifier: 'v'.repeat(64), expires_at: '2026-11-27T12:10:00Z' }],
  cities: [
    {
      id: 3,
      user_id: 12,
      name: 'São Paulo',
      country: 'BR',
      city_key: 'são paulo|br',
      query: 'sao paulo',
      created_at: '2026-03-01T00:00:00.000Z',
    },
    {
      id: 9,
      user_id: 7,
      name: 'Reykjavík',
      country: null,
      city_key: 'reykjavík|',
      query: 'Reykjavík',
      created_at: '2026-03-02T00:00:00.000Z',
    },
    {
      id: 10,
      user_id: 12,
      name: 'Reykjavík',
      country: null,
      city_key: 'reykjavík|',
      query: 'reykjavik',
      created_at: '2026-03-03T00:00:00.000Z',
    },
  ],
  weather_samples: [
    [0.1 + 0.2, 41.5, 'ciel dégagé'],
    [-273.15, null, null],
    [1e-300, 0, '晴れ'],
    [Number.MAX_VALUE, 100, 'x'.repeat(1000)],
    [-Number.MAX_VALUE, 1 / 3, ''],
    [5e-324, 2 / 3, 'subnormal'],
    [21, 55, 'whole'],
  ].map(([temp_c, humidity, description], i) => ({
    city_key: i % 2 ? 'reykjavík|' : 'são paulo|br',
    recorded_at: `2026-11-${String(10 + i).padStart(2, '0')}T12:00:00.000Z`,
    temp_c: temp_c as number,
    humidity: humidity as number | null,
    description: description as string | null,
  })),
  monthly_summaries: [
    {
      city_key: 'são paulo|br',
      month: '2026-10',
      min_c: -1.25,
      max_c: 33.3,
      avg_c: 2 / 3,
      samples: 744,
      days: '[{"day":"2026-10-01","min_c":-1.25,"max_c":null,"avg_c":0.30000000000000004}]',
      created_at: '2026-11-01T00:00:00.000Z',
    },
    {
      city_key: 'reykjavík|',
      month: '2026-10',
      min_c: 0,
      max_c: 0,
      avg_c: 0,
      samples: 1,
      days: '[]',
      created_at: '2026-11-01T00:00:00.000Z',
    },
  ],
  snapshot_ticks: [{ tick: '2026-11-27T12:00:00.000Z', claimed_at: '2026-11-27T12:00:00.123Z' }],
};

async function insertSeed(db: Database, rows: typeof seed): Promise<void> {
  // Users first: the others point at them.
  for (const table of Object.keys(rows) as (keyof Tables)[]) {
    if (rows[table].length > 0)
      await db
        .insertInto(table)
        .values(rows[table] as never)
        .execute();
  }
}

/**
 * The data tables of the database's current schema, without Kysely's migration tables. On PostgreSQL from
 * information_schema, for this schema alone: Kysely's introspection reads every schema on the server, and
 * fails when another test drops its schema meanwhile.
 */
async function dataTables(db: Database): Promise<string[]> {
  if (isPostgres(db)) {
    const { rows } = await sql<{ name: string }>`
      SELECT table_name AS name FROM information_schema.tables
      WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name NOT LIKE 'kysely%'`.execute(
      db,
    );
    return rows.map((row) => row.name).sort();
  }
  const tables = await db.introspection.getTables(); // without Kysely's migration tables
  return tables
    .filter((table) => !table.isView)
    .map((table) => table.name)
    .sort();
}

/** Every row of every table, in a stable order. */
async function dump(db: Database): Promise<Record<string, unknown[]>> {
  const all: Record<string, unknown[]> = {};
  for (const table of await dataTables(db)) {
    const { rows } = await sql<Record<string, unknown>>`SELECT * FROM ${sql.id(table)}`.execute(db);
    all[table] = rows.map((row) => JSON.stringify(Object.entries(row).sort())).sort();
  }
  return all;
}

/** A table's rows as the driver gives them, in `key` order. */
async function values(db: Database, table: keyof Tables, key: string): Promise<unknown[]> {
  const { rows } = await sql<Record<string, unknown>>`SELECT * FROM ${sql.id(table)} ORDER BY ${sql.id(key)}`.execute(
    db,
  );
  return rows;
}

async function rowCount(db: Database, table: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`SELECT count(*) AS n FROM ${sql.id(table)}`.execute(db);
  return Number(rows[0]?.n);
}

/** Records the largest result a database hands back: proof that a copy reads in batches. */
/** Watches a source: the most rows one query returned, and how many batches of rows (`… ORDER BY … LIMIT n`) were read. */
function largestResult(): KyselyPlugin & { rows: number; batches: number } {
  const batchReads = new WeakSet<QueryId>();
  return {
    rows: 0,
    batches: 0,
    transformQuery({ node, queryId }) {
      if (RawNode.is(node) && /ORDER BY[\s\S]*LIMIT/.test(node.sqlFragments.join(''))) batchReads.add(queryId);
      return node;
    },
    async transformResult({ result, queryId }) {
      this.rows = Math.max(this.rows, result.rows.length);
      if (batchReads.has(queryId)) this.batches++;
      return result;
    },
  };
}

const copyDirections: [Kind, Kind, boolean][] = [
  ['sqlite memory', 'sqlite file', true],
  ['sqlite file', 'sqlite memory', true],
  ['sqlite file', 'postgres', onPostgres],
  ['postgres', 'sqlite memory', onPostgres],
];

describe('copyDatabase', () => {
  for (const [fromKind, toKind, runs] of copyDirections) {
    test.skipIf(!runs)(`${fromKind} → ${toKind}: every row of every table, value for value`, async () => {
      const from = await sourceOf(fromKind);
      const to = await open(toKind);
      const lines: string[] = [];

      const copied = await copyDatabase(from, to, (line) => lines.push(line), { batchRows: 2 });

      const source = await dump(from);
      expect(Object.keys(source).length).toBeGreaterThanOrEqual(7);
      for (const [table, rows] of Object.entries(source)) expect(rows, `the seed fills ${table}`).not.toEqual([]);
      expect(await dump(to)).toEqual(source);
      // And as the values first written, type for type (a number never comes back as a string).
      expect(await values(to, 'weather_samples', 'recorded_at')).toEqual(seed.weather_samples);
      expect(await values(to, 'users', 'id')).toEqual(seed.users);
      // One line per table as it goes, users before the tables that point at them.
      expect([...lines].sort()).toEqual(
        Object.entries(source).map(([table, rows]) => `${table}: ${rows.length} ${rows.length === 1 ? 'row' : 'rows'}`),
      );
      expect(lines.indexOf('users: 2 rows')).toBeLessThan(lines.indexOf('cities: 3 rows'));
      expect(lines.indexOf('users: 2 rows')).toBeLessThan(lines.indexOf('sessions: 2 rows'));
      expect(copied).toContainEqual({ table: 'weather_samples', rows: 7 });
    });

    test.skipIf(!runs)(`${fromKind} → ${toKind}: the next id is one past the largest copied`, async () => {
      const from = await sourceOf(fromKind);
      const to = await open(toKind);
      await copyDatabase(from, to, () => {});

      const user = await to
        .insertInto('users')
        .values({ github_id: 99, login: 'new', created_at: 'now', updated_at: 'now' })
        .returning('id')
        .executeTakeFirstOrThrow();
      expect(user.id).toBe(13);
      const city = await to
        .insertInto('cities')
        .values({ user_id: user.id, name: 'Oslo', city_key: 'oslo|no', query: 'Oslo', created_at: 'now' })
        .returning('id')
        .executeTakeFirstOrThrow();
      expect(city.id).toBe(11);
    });
  }

  test(`reads and writes ${COPY_BATCH_ROWS} rows at a time, not a whole table`, async () => {
    const samples = Array.from({ length: 2 * COPY_BATCH_ROWS + 201 }, (_, i) => ({
      city_key: 'oslo|no',
      recorded_at: new Date(Date.UTC(2026, 0, 1) + i * 3_600_000).toISOString(),
      temp_c: i / 7,
      humidity: null,
      description: null,
    }));
    const from = await sourceOf('sqlite memory', { ...seed, weather_samples: samples });
    const rowsPerTable = await Promise.all((await dataTableNames(from)).map((table) => rowCount(from, table)));
    const to = await open(other);
    const read = largestResult();

    await copyDatabase(from.withPlugin(read), to, () => {});

    expect(await rowCount(to, 'weather_samples')).toBe(samples.length);
    expect(read.rows).toBe(COPY_BATCH_ROWS);
    // A short batch is a table's last: n rows take floor(n / 500) + 1 reads, an empty table one, and no more.
    expect(read.batches).toBe(rowsPerTable.reduce((sum, rows) => sum + Math.floor(rows / COPY_BATCH_ROWS) + 1, 0));
    expect(await values(to, 'weather_samples', 'recorded_at')).toEqual(samples);
  });

  test('however many rows a batch may hold, one statement binds at most MAX_PARAMETERS values', async () => {
    const limit = Math.floor(MAX_PARAMETERS / 5); // weather_samples has five columns (checked below)
    const samples = Array.from({ length: limit + 1 }, (_, i) => ({
      city_key: 'oslo|no',
      recorded_at: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(),
      temp_c: 1,
      humidity: null,
      description: null,
    }));
    const from = await sourceOf('sqlite memory', { ...seed, weather_samples: samples });
    const { columns } = await describeTable(from, 'weather_samples');
    const to = await open(other);
    const read = largestResult();

    await copyDatabase(from.withPlugin(read), to, () => {}, { batchRows: 1_000_000 });

    expect(await rowCount(to, 'weather_samples')).toBe(samples.length);
    expect(columns).toHaveLength(5);
    expect(read.rows).toBe(limit);
  });

  test('rows written to the source during the copy are left out together: a city never arrives without its user', async () => {
    const from = await sourceOf(other === 'postgres' ? 'postgres' : 'sqlite file');
    const before = await dump(from);
    const to = await open('sqlite memory');
    // Another instance, still running on the source, signs a user up and saves a city for them just after the
    // users are copied and before the cities are: read outside one snapshot, the city would come without its user.
    const instance = anotherConnection(from);
    let written = false;
    const signUpMidCopy: KyselyPlugin = {
      transformQuery: ({ node }) => node,
      async transformResult({ result }) {
        if (!written && result.rows.some((row) => 'login' in (row as object))) {
          written = true;
          const user = await instance
            .insertInto('users')
            .values({ id: 99, github_id: 99, login: 'late', created_at: 'c', updated_at: 'u' })
            .returning('id')
            .executeTakeFirstOrThrow();
          await instance
            .insertInto('cities')
            .values({ user_id: user.id, name: 'Oslo', city_key: 'oslo|no', query: 'Oslo', created_at: 'c' })
            .execute();
        }
        return result;
      },
    };

    await copyDatabase(from.withPlugin(signUpMidCopy), to, () => {});

    expect(written).toBe(true);
    expect(await rowCount(from, 'cities')).toBe(seed.cities.length + 1);
    expect(await dump(to)).toEqual(before);
  });

  test('a target that holds a row in any table is refused, and nothing is written', async () => {
    const from = await sourceOf('sqlite memory');
    const to = await open(other);
    await migrateToLatest(to);
    await to.insertInto('snapshot_ticks').values({ tick: 't', claimed_at: 'c' }).execute();
    const before = await dump(to);
    const lines: string[] = [];

    const copying = copyDatabase(from, to, (line) => lines.push(line));

    await expect(copying).rejects.toThrow(CopyRefused);
    await expect(copying).rejects.toThrow(
      'the target database already holds data (table snapshot_ticks has rows): db:copy fills only an empty database; nothing was copied',
    );
    expect(await dump(to)).toEqual(before);
    expect(lines).toEqual([]);
  });

  test('a failure halfway rolls the whole copy back: no table keeps the rows copied before it', async () => {
    const from = await sourceOf('sqlite memory');
    // An old SQLite file can hold a session whose user is gone (foreign keys were off): the target refuses it.
    await sql`PRAGMA foreign_keys = OFF`.execute(from);
    await from
      .insertInto('sessions')
      .values({ token_hash: 'orphan', user_id: 404, created_at: 'c', expires_at: 'e' })
      .execute();
    const to = await open(other);

    await expect(copyDatabase(from, to, () => {})).rejects.toThrow(/foreign key/i);

    for (const table of await dataTables(to)) expect(await rowCount(to, table), table).toBe(0);
    // Migrated, and empty: running the copy again (after mending the source) is allowed.
    await from.deleteFrom('sessions').where('token_hash', '=', 'orphan').execute();
    await copyDatabase(from, to, () => {});
    expect(await dump(to)).toEqual(await dump(from));
  });

  test('the target is migrated to the source’s version first, from nothing or from partway', async () => {
    const from = await sourceOf('sqlite memory');
    const to = await open(other);
    const [first, second] = Object.keys(migrations);
    await migrateToLatest(to, { [first!]: migrations[first!]!, [second!]: migrations[second!]! });

    await copyDatabase(from, to, () => {});

    const { rows } = await sql<{ name: string }>`SELECT name FROM kysely_migration ORDER BY name`.execute(to);
    expect(rows.map((row) => row.name)).toEqual(Object.keys(migrations));
  });

  describe('a schema of another version is refused before anything is written', () => {
    const extra: Migration = {
      up: async (db: Kysely<unknown>) => {
        await db.schema
          .createTable('extras')
          .addColumn('id', 'integer', (c) => c.primaryKey())
          .execute();
      },
    };

    test('a source behind this Skydeck (a migration not applied)', async () => {
      const from = await open('sqlite memory');
      const names = Object.keys(migrations);
      await migrateToLatest(from, Object.fromEntries(names.slice(0, 2).map((name) => [name, migrations[name]!])));
      const to = await open(other);

      await expect(copyDatabase(from, to, () => {})).rejects.toThrow(
        `the source database is behind this Skydeck (migration ${names[2]} not applied): start Skydeck on it once or run npm run db:migrate with DATABASE_URL set to it, then copy`,
      );
      expect(await dataTables(to)).toEqual([]);
    });

    test('a source ahead of this Skydeck (a migration it does not know)', async () => {
      const from = await open('sqlite memory');
      await migrateToLatest(from, { ...migrations, '999_extras': extra });
      const to = await open(other);

      await expect(copyDatabase(from, to, () => {})).rejects.toThrow(
        /^the source database is ahead of this Skydeck \(it has migration 999_extras, which this version does not know\)/,
      );
      expect(await dataTables(to)).toEqual([]);
    });

    test('a target ahead of this Skydeck', async () => {
      const from = await sourceOf('sqlite memory');
      const to = await open(other);
      await migrateToLatest(to, { ...migrations, '999_extras': extra });
      const before = await dataTables(to);

      await expect(copyDatabase(from, to, () => {})).rejects.toThrow(/^the target database is ahead of this Skydeck/);
      expect(await dataTables(to)).toEqual(before);
      expect(await rowCount(to, 'users')).toBe(0);
    });

    test('a source that was never migrated (not a Skydeck database)', async () => {
      const from = await open('sqlite memory');
      const to = await open(other);
      await expect(copyDatabase(from, to, () => {})).rejects.toThrow(
        'the source database has no Skydeck schema (no migrations applied)',
      );
      expect(await dataTables(to)).toEqual([]);
    });
  });

  test('a table without a primary key cannot be read in batches: refused', async () => {
    const loose: Migration = {
      up: async (db: Kysely<unknown>) => {
        await db.schema.createTable('loose').addColumn('note', 'text').execute();
      },
    };
    const from = await open('sqlite memory');
    await migrateToLatest(from, { '001_loose': loose });
    const to = await open('sqlite memory');

    await expect(copyDatabase(from, to, () => {}, { migrations: { '001_loose': loose } })).rejects.toThrow(
      'table loose has no primary key: db:copy cannot batch it',
    );
  });

  test('the same database as source and target is refused', async () => {
    const db = await sourceOf('sqlite memory');
    await expect(copyDatabase(db, db, () => {})).rejects.toThrow('the source and the target are the same database');
  });
});

describe('inDependencyOrder', () => {
  const table = (name: string, references: string[] = []): TableInfo => ({
    name,
    columns: [],
    primaryKey: ['id'],
    references,
  });
  const names = (tables: TableInfo[]) => tables.map((t) => t.name);

  test('referenced tables first, then by name; a table may point at itself', () => {
    const tables = [table('cities', ['users']), table('users'), table('notes', ['notes', 'cities']), table('ticks')];
    expect(names(inDependencyOrder(tables))).toEqual(['ticks', 'users', 'cities', 'notes']);
  });

  test('tables that point at each other cannot be ordered: refused, naming them', () => {
    const tables = [table('a', ['b']), table('b', ['a']), table('c')];
    expect(() => inDependencyOrder(tables)).toThrow(
      'tables a, b reference each other (or a missing table): db:copy cannot order them',
    );
  });
});
