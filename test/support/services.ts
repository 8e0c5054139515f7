/**
 * The services an app reuses across tests, switched per test. The worker keeps
 * one app per config (support/apps.ts), but the services hold memory that must
 * not leak from one test into the next: the weather cache, each provider's
 * breaker and Retry-After pause, the metric counts. So every test builds its
 * own services (`services` fixture: an empty cache, closed breakers, zeroed
 * metrics) and the worker's apps forward every call to them, as
 * SwitchableSqlite forwards every query to the test's own database.
 *
 * Forwarding is per call: `switchable.weather.current(city)` reads the current
 * test's `weather` when it is called. That holds because plugins keep the
 * service objects they are given and call their methods per request.
 */
import type { Config } from '../../src/config.ts';
import type { Database } from '../../src/db/database.ts';
import type { Metrics } from '../../src/metrics/metrics.ts';
import type { Services } from '../../src/services.ts';

/** What the `services` fixture gives each test: services of its own over its database, the worker's metrics zeroed. */
export async function testServices(config: Config, db: Database, metrics: Metrics): Promise<Services> {
  const { createServices } = await import('../../src/services.ts');
  metrics.registry.resetMetrics();
  return createServices(config, { db, metrics });
}

export class SwitchableServices {
  #current: Services | undefined;
  readonly services: Services;

  constructor() {
    const current = () => {
      if (!this.#current) throw new Error('no test services are active: ask for the `app` fixture');
      return this.#current;
    };
    // Each service is itself a forwarder, so a plugin may keep `services.weather` from registration on.
    const forwarders = new Map<keyof Services, object>();
    this.services = new Proxy({} as Services, {
      get(_target, name: keyof Services) {
        // `close` and a null `redis` (the worker's apps have no REDIS_URL) are the current test's own, as they are.
        const value = current()[name];
        if (value === null || typeof value !== 'object') return value;
        let service = forwarders.get(name);
        if (!service) {
          service = forwarder(() => current()[name] as object);
          forwarders.set(name, service);
        }
        return service;
      },
    });
  }

  use(services: Services): void {
    this.#current = services;
  }
}

function forwarder<T extends object>(target: () => T): T {
  return new Proxy({} as T, {
    get(_proxy, property) {
      const object = target();
      const value = Reflect.get(object, property);
      return typeof value === 'function' ? value.bind(object) : value;
    },
  });
}
