/**
 * The layered fixtures — this project's conftest.py. Each does one thing; a test
 * names what it needs and Vitest builds only that:
 *
 *   network (worker) ─ upstream (every test: no request leaves unmocked)
 *   config ─ db ─ services ─ app ─ client ─ authenticatedClient (client, signed in as TEST_USER) ─ savedCities
 *                                   ├ loggedInAs(id, extra) (a new client, its own cookies, per call)
 *                                   └ sessionOf(client)
 */
import { test as base, vi } from 'vitest';
import type { SessionData } from '../src/auth/sessions.ts';
import { TestClient } from './support/client.ts';
import { testConfig } from './support/config.ts';
import { readSession, signIn } from './support/sessions.ts';
import { TEST_USER } from './support/users.ts';

// The heavy modules (msw, Fastify and the app, Kysely, Ajv) are imported inside
// the fixtures that need them, not here: a unit test file then loads in
// milliseconds, which is what watch mode re-runs feel. Each is still imported
// once per worker; the module cache keeps it.
const network = () => import('./support/network.ts');
const database = () => import('./support/database.ts');

export const test = base
  // One msw server per worker: starting it per file or per test is the slow path.
  .extend('network', { scope: 'worker' }, async ({}, { onCleanup }) => {
    const [{ startNetwork }, { openWeatherMapHandlers }, { githubHandlers }] = await Promise.all([
      network(),
      import('./support/openweathermap.ts'),
      import('./support/github.ts'),
    ]);
    const started = startNetwork([...openWeatherMapHandlers, ...githubHandlers]);
    onCleanup(() => started.server.close());
    return started;
  })
  // Every test, asked for or not: fresh handlers before, no unhandled request after.
  .extend('upstream', { auto: true }, async ({ network: net }, { onCleanup }) => {
    const { assertAllHandled, resetNetwork } = await network();
    resetNetwork(net);
    onCleanup(() => assertAllHandled(net));
    return {
      /** Override what upstreams answer, for this test only. */
      use: (...handlers: Parameters<typeof net.server.use>) => net.server.use(...handlers),
      /** The requests the app sent upstream during this test. */
      sent: net.sent,
    };
  })
  // Compiling route schemas is most of an app's build time: do it once per worker.
  .extend('schemaCompilers', { scope: 'worker' }, async ({}) => {
    const { createSchemaCompilers } = await import('../src/http/schema-compilers.ts');
    return createSchemaCompilers();
  })
  // Parsed once per worker (validating SNAPSHOT_CRON alone costs a quarter of a millisecond); a Config is never
  // mutated. Tests override `config`, e.g. test.override('config', () => testConfig({ PUBLIC_URL: 'https://…' })).
  .extend('testDefaults', { scope: 'worker' }, async ({}) => testConfig())
  .extend('config', ({ testDefaults }) => testDefaults)
  // One database per worker: SQLite in memory by default, a schema of its own on Postgres under `npm run test:pg`.
  // The real migrations run once per worker; each test starts from their result with no rows (support/database.ts).
  .extend('workerDatabase', { scope: 'worker' }, async ({}, { onCleanup }) => {
    const { onPostgres } = await import('./support/postgres.ts');
    const worker = onPostgres
      ? await (await import('./support/postgres.ts')).postgresWorkerDatabase()
      : await (await database()).sqliteWorkerDatabase();
    onCleanup(() => worker.close());
    return worker;
  })
  // One Kysely per worker: building a Kysely (and a pool) per test cost more than the database.
  .extend('workerDb', { scope: 'worker' }, async ({ workerDatabase }) => workerDatabase.db)
  .extend('db', async ({ workerDatabase }, { onCleanup }) => {
    onCleanup(await workerDatabase.fresh());
    return workerDatabase.db;
  })
  // One metrics registry per worker, zeroed for each test (support/worker-metrics.ts).
  .extend(
    'workerMetrics',
    { scope: 'worker' },
    async ({}) => new (await import('./support/worker-metrics.ts')).WorkerMetrics(),
  )
  // Each test's own services over its own database: an empty weather cache, closed breakers, zeroed metrics.
  .extend('services', async ({ config, db, workerMetrics }) =>
    (await import('./support/services.ts')).testServices(config, db, workerMetrics.get()),
  )
  // One app per worker and config, reused across tests over each test's own services (support/apps.ts).
  .extend('workerApps', { scope: 'worker' }, async ({ schemaCompilers }, { onCleanup }) => {
    const { AppCache } = await import('./support/apps.ts');
    const apps = new AppCache(schemaCompilers);
    onCleanup(() => apps.closeAll());
    return apps;
  })
  .extend('app', async ({ config, services, workerApps }) => workerApps.get(config, services))
  .extend('client', ({ app, config }) => new TestClient(app, config.publicUrl))
  // Session injection, as the seed does it: a session created directly in the store, no login flow.
  // Each call returns a new client with its own cookie jar, so two users in one test stay two browsers.
  .extend(
    'loggedInAs',
    ({ app, config, db }) =>
      (userId: number, extra: SessionData = {}) =>
        signIn(db, new TestClient(app, config.publicUrl), config.secretKeys, userId, extra),
  )
  // `client` itself, signed in as TEST_USER: a test that asks for both sees one browser.
  .extend('authenticatedClient', ({ client, config, db }) =>
    signIn(db, client, config.secretKeys, TEST_USER.id, { username: TEST_USER.login }),
  )
  /** Reads back what the server keeps in a client's session (undefined when it has none). */
  .extend(
    'sessionOf',
    ({ config, db }) =>
      (client: TestClient) =>
        readSession(db, client, config.secretKeys),
  )
  /**
   * Date faked from `clock.start` until the test ends; `clock.advance(ms)` moves it, `clock.set(iso)` puts it
   * at a moment (a test about "now" — this month, today — picks one, e.g. MONTH_END from support/clock.ts).
   * Only Date: the cache, the breakers and Retry-After read Date.now, while timers, fetch and msw run as usual.
   */
  .extend('clock', async ({}, { onCleanup }) => {
    const start = new Date('2026-11-27T12:00:00Z');
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(start);
    onCleanup(() => {
      vi.useRealTimers();
    });
    return {
      start,
      advance: (ms: number) => vi.setSystemTime(Date.now() + ms),
      set: (moment: string) => vi.setSystemTime(new Date(moment)),
    };
  })
  /** Two instances (apps with their own connections) on one shared database of the test's own: support/instances.ts. */
  .extend('instances', async ({ config }, { onCleanup }) => {
    const instances = await (await import('./support/instances.ts')).startInstances(config);
    onCleanup(() => instances.close());
    return instances;
  })
  /** TEST_USER signed in, with Dublin and Tokyo saved (in that order) straight into the database. */
  .extend('savedCities', async ({ authenticatedClient, db }) => ({
    client: authenticatedClient,
    cities: await (await import('./support/cities.ts')).saveCities(db, TEST_USER.id, ['Dublin', 'Tokyo']),
  }));

export { describe, expect, vi } from 'vitest';
