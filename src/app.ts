/**
 * buildApp(config, deps) → a Fastify instance with every plugin registered
 * explicitly, in order. No listen, no globals: tests build as many as they like.
 */

import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import helmet from '@fastify/helmet';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance, LogController } from 'fastify';
import { csrfPlugin } from './auth/csrf.ts';
import { authRoutes } from './auth/routes.ts';
import { SESSION_COOKIE, sessionPlugin } from './auth/session-plugin.ts';
import { cityRoutes } from './cities/routes.ts';
import type { Config } from './config.ts';
import { dashboardRoutes } from './dashboard/routes.ts';
import { demoGithubRoutes } from './demo/github-provider.ts';
import { CANNED_CITIES } from './demo/openweathermap-data.ts';
import { healthRoutes } from './health/routes.ts';
import { homeRoutes } from './home/routes.ts';
import { registerApiDocs } from './http/api-docs.ts';
import { ignoreContentTypeWithoutBody } from './http/empty-body.ts';
import { registerErrorHandlers, replyWithError } from './http/errors.ts';
import { type LogStream, loggerOptions, logRequests } from './http/logging.ts';
import { redirectToPublicUrl } from './http/public-address.ts';
import { clientRateLimit, MEMORY_STORE_ADDRESSES, type RateLimitStore } from './http/rate-limit.ts';
import { createSchemaCompilers, type SchemaCompilers } from './http/schema-compilers.ts';
import { securityHeaders } from './http/security-headers.ts';
import { serverLimits } from './http/server-limits.ts';
import { recordRequestDurations } from './metrics/request-durations.ts';
import { metricsRoutes } from './metrics/routes.ts';
import { preferenceRoutes } from './preferences/routes.ts';
import { redisRateLimitStore } from './redis/rate-limit-store.ts';
import { createServices, type ServiceDeps, type Services } from './services.ts';
import { apiWeatherRoutes } from './weather/api-routes.ts';
import { weatherRoutes } from './weather/routes.ts';
import { staticRoutes } from './web/static.ts';

/** The services to use (the server's, shared with its snapshot job), or what to build a fresh set from. */
export type ServiceSource = { services: Services } | ServiceDeps;

export type Deps = ServiceSource & {
  /** Log destination; defaults to stdout. */
  logStream?: LogStream;
  /** Share compiled route schemas between apps (the test suite does); by default each app compiles its own. */
  schemaCompilers?: SchemaCompilers;
  /** Where rate-limit counters live; by default in Redis with REDIS_URL, else in this app's memory. Apps sharing a store share budgets. */
  rateLimitStore?: RateLimitStore;
};

export async function buildApp(config: Config, deps: Deps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: loggerOptions(config.logLevel, deps.logStream),
    // logRequests() writes one line per request instead of Fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
    schemaController: { compilersFactory: deps.schemaCompilers ?? createSchemaCompilers() },
    // What Fastify refuses before routing (a malformed URL) gets the same answers as any other error.
    frameworkErrors: replyWithError,
    // Who the client is (request.ip, which the rate limit counts by): X-Forwarded-For only from trusted proxies.
    trustProxy: config.trustProxy,
    ...serverLimits(), // timeouts and the body limit
  }).withTypeProvider<TypeBoxTypeProvider>();
  const services = 'services' in deps ? deps.services : createServices(config, deps);
  // A set built here is closed with the app; the server closes its own set itself.
  if (!('services' in deps)) app.addHook('onClose', () => services.close());
  const redis = config.redisUrl === null ? null : services.redis;
  redis?.start(app.log);
  const demoWeather = config.weather.apiKey === null;

  logRequests(app);
  recordRequestDurations(app, services.metrics);
  registerErrorHandlers(app);
  ignoreContentTypeWithoutBody(app);
  await app.register(helmet, securityHeaders({ https: config.secureCookies }));
  // After helmet (the redirect gets the security headers), before cookies and sessions (it needs neither).
  redirectToPublicUrl(app, config.publicUrl);
  // Before cookies and sessions too: a refused request costs no database read.
  await app.register(clientRateLimit, {
    perMinute: config.rateLimitPerMinute,
    store: deps.rateLimitStore ?? (redis ? redisRateLimitStore(redis, MEMORY_STORE_ADDRESSES) : undefined),
  });
  // Before every route: the OpenAPI document is built from the routes registered after it.
  await registerApiDocs(app, { sessionCookie: SESSION_COOKIE });
  if (demoWeather) {
    app.addHook('onSend', async (_request, reply) => {
      reply.header('x-skydeck-demo', '1');
    });
  }

  const { sessions, users } = services;
  // Signs the session and sign-in cookies: the first key signs, every key verifies (rotation).
  await app.register(cookie, { secret: [...config.secretKeys] });
  await app.register(formbody); // HTML forms post application/x-www-form-urlencoded
  await app.register(sessionPlugin, { sessions, users, secure: config.secureCookies });
  await app.register(csrfPlugin, { publicUrl: config.publicUrl });

  const demoGithub = config.github.clientId === null;
  await app.register(authRoutes, {
    github: services.github,
    attempts: services.signInAttempts,
    sessions,
    users,
    secure: config.secureCookies,
    demo: demoGithub,
  });
  if (demoGithub) await app.register(demoGithubRoutes, { publicUrl: config.publicUrl });
  const { cities, cityRules, snapshots, weather } = services;
  await app.register(dashboardRoutes, {
    cities,
    cityRules,
    snapshots,
    sessions,
    weather,
    snapshotCron: config.snapshotCron,
  });
  await app.register(preferenceRoutes, { users, publicUrl: config.publicUrl, secure: config.secureCookies });

  await app.register(staticRoutes);
  const database = { name: 'database', check: () => services.database.ping() };
  // Redis away never takes an instance out of the balancer: what it shares, each instance keeps in memory meanwhile.
  const shared = redis ? [{ name: 'redis', check: () => redis.ping(), fallback: "this instance's memory" }] : [];
  await app.register(healthRoutes, { checks: [database, ...shared] });
  if (config.metricsToken !== null) {
    await app.register(metricsRoutes, { metrics: services.metrics, token: config.metricsToken });
  }
  await app.register(weatherRoutes, { weather });
  await app.register(apiWeatherRoutes, { weather });
  await app.register(cityRoutes, { cities, cityRules, snapshots });
  await app.register(homeRoutes, { weather, demoCities: demoWeather ? CANNED_CITIES.map((city) => city.name) : [] });
  return app;
}
