/**
 * Building a Fastify app costs ~5 ms (plugin loading, route compilation in
 * find-my-way, the 404 handler for every HTTP method), more than a whole route
 * test. So each worker keeps one app per distinct config, built over a
 * SwitchableSqlite, and the `db` fixture points that at the test's own fresh
 * database. What makes this safe: all of Skydeck's state lives in the database
 * (src/ keeps no module-level or in-memory state), and tests in a worker run
 * one at a time. A test that needs different deps (a log stream, a route of its
 * own) builds its own app with buildApp(). What an app keeps in memory besides
 * (its metrics) is reset each time a test takes the app.
 */
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.js';
import type { Config } from '../../src/config.js';
import type { Database } from '../../src/db/database.js';
import type { SchemaCompilers } from '../../src/http/schema-compilers.js';
import { createMetrics, type Metrics } from '../../src/metrics/metrics.js';

interface CachedApp {
  app: Promise<FastifyInstance>;
  metrics: Metrics;
}

export class AppCache {
  readonly #apps = new Map<string, CachedApp>();

  constructor(
    /** The worker's Kysely over its SwitchableSqlite. */
    private readonly db: Database,
    private readonly schemaCompilers: SchemaCompilers,
  ) {}

  /** The worker's app for this config, built on first use, with its metrics back at zero. */
  get(config: Config): Promise<FastifyInstance> {
    const key = JSON.stringify(config);
    let cached = this.#apps.get(key);
    if (cached) {
      cached.metrics.registry.resetMetrics();
    } else {
      const metrics = createMetrics();
      cached = { app: this.#build(config, metrics), metrics };
      this.#apps.set(key, cached);
    }
    return cached.app;
  }

  async #build(config: Config, metrics: Metrics): Promise<FastifyInstance> {
    const app = await buildApp(config, { db: this.db, schemaCompilers: this.schemaCompilers, metrics });
    await app.ready();
    return app;
  }

  async closeAll(): Promise<void> {
    for (const { app } of this.#apps.values()) await (await app).close();
    this.#apps.clear();
  }
}
