/**
 * Several Skydeck instances in one test, as a load balancer sees them. Under
 * `npm run test:pg` each has its own app and its own pool on one schema of the
 * test's own: real commits and real lock waits between instances, what the
 * per-test `db` fixture cannot show. On SQLite the apps share one connection
 * to a file of the test's own: libsql's calls are synchronous, so a second
 * connection in the same thread waiting on the first's lock would block the
 * very event loop the first needs to finish (two real processes on one file
 * are tested in e2e/instances.test.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type {} from '@fastify/swagger'; // app.swagger()
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.ts';
import type { Config } from '../../src/config.ts';
import { createDatabase, type Database } from '../../src/db/database.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { TestClient } from './client.ts';
import { isolatedPostgres, onPostgres } from './postgres.ts';

export interface Instances {
  apps: FastifyInstance[];
  /** Each instance's own connection(s) to the shared database. */
  dbs: Database[];
  /** A browser behind a round-robin load balancer: each request goes to the next instance. */
  balancedClient(): TestClient;
  close(): Promise<void>;
}

export async function startInstances(config: Config, count = 2): Promise<Instances> {
  const shared = await sharedDatabase();
  const single = onPostgres ? undefined : createDatabase(shared.url);
  const dbs = Array.from({ length: count }, () => single ?? createDatabase(shared.url, { poolMax: 4 }));
  // Started together, as instances behind a load balancer are: the migrator's lock makes them migrate once.
  await Promise.all(dbs.map((db) => migrateToLatest(db)));
  const apps = await Promise.all(dbs.map((db) => buildApp(config, { db })));
  let next = 0;
  const balancer = {
    inject: (options: never) => apps[next++ % apps.length]!.inject(options),
    // The instances serve one API: TestClient holds the answers to the first one's document.
    swagger: () => apps[0]!.swagger(),
  };
  return {
    apps,
    dbs,
    balancedClient: () => new TestClient(balancer as unknown as FastifyInstance, config.publicUrl),
    async close() {
      await Promise.all(apps.map((app) => app.close()));
      await Promise.all([...new Set(dbs)].map((db) => db.destroy()));
      await shared.drop();
    },
  };
}

async function sharedDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  if (onPostgres) return isolatedPostgres();
  const folder = mkdtempSync(join(tmpdir(), 'skydeck-instances-'));
  return {
    url: `file:${join(folder, 'skydeck.db')}`,
    drop: async () => rmSync(folder, { recursive: true, force: true }),
  };
}
