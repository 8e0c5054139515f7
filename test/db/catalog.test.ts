/**
 * What the catalog reads of a table, on either database (`npm run test:pg` for PostgreSQL): the copy relies on
 * the primary key's columns in key order, which need not be the order the columns were declared in.
 */
import { sql } from 'kysely';
import { describeTable } from '../../src/db/catalog.ts';
import { expect, test } from '../fixtures.ts';

test('a composite primary key is listed in key order, not column order', async ({ db }) => {
  await sql`CREATE TABLE pairs (a INTEGER NOT NULL, b INTEGER NOT NULL, c TEXT, PRIMARY KEY (c, b))`.execute(db);
  const table = await describeTable(db, 'pairs');
  expect(table.columns.map((column) => column.name)).toEqual(['a', 'b', 'c']);
  expect(table.primaryKey).toEqual(['c', 'b']);
  expect(table.references).toEqual([]);
});
