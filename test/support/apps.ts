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
import { PerFileInCoverageRun } from '../mutation/stryker-mode.ts';
import { SwitchableServices } from './services.ts';

export class AppCache {
  readonly #apps = new Map<string, Promise<FastifyInstance>>();
  readonly #services = new SwitchableServices();
  /**
   * Stryker's coverage run (`npm run test:mutation`) gives each test file apps of its own. The runs that test one
   * mutant reuse apps as usual: the mutant is switched on before the run's first app is built, so every test of
   * that run already uses an app built with it.
   */
  readonly #perFile = new PerFileInCoverageRun();

  readonly #schemaCompilers: SchemaCompilers;

  constructor(schemaCompilers: SchemaCompilers) {
    this.#schemaCompilers = schemaCompilers;
  }

  /** The worker's app for this config, answering with `services` (built by the test for the same config). */
  async get(config: Config, services: Services): Promise<FastifyInstance> {
    this.#services.use(services);
    if (this.#perFile.newFile()) await this.closeAll();
    return this.#app(config);
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
