/**
 * Building a Fastify app costs ~5 ms (plugin loading, route compilation in
 * find-my-way, the 404 handler for every HTTP method), more than a whole route
 * test. So each worker keeps one app per distinct config, built over
 * SwitchableServices, and the `app` fixture points those at the test's own
 * services — over the test's own fresh database (SwitchableSqlite), with an
 * empty weather cache, closed breakers and zeroed metrics. What makes this
 * safe: src/ keeps no module-level state, everything an app remembers lives in
 * its services, and tests in a worker run one at a time. A test that needs
 * different deps (a log stream, a route of its own) builds its own app with
 * buildApp().
 */
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.ts';
import type { Config } from '../../src/config.ts';
import type { SchemaCompilers } from '../../src/http/schema-compilers.ts';
import type { Services } from '../../src/services.ts';
import { SwitchableServices } from './services.ts';

/** Set by vitest.stryker.config.ts: mutation runs give every test an app of its own (see `AppCache.get`). */
export const APP_PER_TEST = process.env.SKYDECK_TEST_APP_PER_TEST === '1';

export class AppCache {
  readonly #apps = new Map<string, Promise<FastifyInstance>>();
  readonly #services = new SwitchableServices();

  readonly #schemaCompilers: SchemaCompilers;

  constructor(schemaCompilers: SchemaCompilers) {
    this.#schemaCompilers = schemaCompilers;
  }

  /** The worker's app for this config, answering with `services` (built by the test for the same config). */
  async get(config: Config, services: Services): Promise<FastifyInstance> {
    this.#services.use(services);
    return this.#app(config);
  }

  /**
   * Called as each test that used an app ends. Mutation runs (vitest.stryker.config.ts) close its apps, so the next
   * test builds its own: Stryker credits the code that builds an app to the test running when it ran, and an app
   * reused across tests would credit all of it to the first.
   */
  async endTest(): Promise<void> {
    if (APP_PER_TEST) await this.closeAll();
  }

  /** Built on first use. */
  #app(config: Config): Promise<FastifyInstance> {
    const key = JSON.stringify(config);
    let app = this.#apps.get(key);
    if (!app) {
      app = this.#build(config);
      this.#apps.set(key, app);
    }
    return app;
  }

  async #build(config: Config): Promise<FastifyInstance> {
    const app = await buildApp(config, { services: this.#services.services, schemaCompilers: this.#schemaCompilers });
    await app.ready();
    return app;
  }

  async closeAll(): Promise<void> {
    for (const app of this.#apps.values()) await (await app).close();
    this.#apps.clear();
  }
}
