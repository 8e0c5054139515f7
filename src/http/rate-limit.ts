/**
 * Clients' limits: RATE_LIMIT_PER_MINUTE requests per client address, one
 * budget shared by the routes that make Skydeck work (a provider lookup, a
 * sign-in row, a database write). Over it: 429 with Retry-After, as JSON
 * `{"error": "too many requests"}` or, for browsers, a page. The health check,
 * static files and metrics are never limited. The counting is
 * @fastify/rate-limit's; its store is pluggable (in memory by default, one per
 * app; Redis with REDIS_URL, redis/rate-limit-store.ts).
 */
import rateLimit, { type RateLimitPluginOptions } from '@fastify/rate-limit';
import type { FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { tooManyRequestsPage } from '../web/error-pages.ts';
import { wantsHtml } from '../web/negotiation.ts';
import { sendPage } from '../web/reply.ts';
import { errorResponse } from './errors.ts';

const WINDOW_MS = 60_000;
/** Client addresses the in-memory store remembers; the least recently seen are forgotten first. */
export const MEMORY_STORE_ADDRESSES = 10_000;

/** Where the counters live: @fastify/rate-limit's own `store` (a constructor) or `redis` (an ioredis client). */
export type RateLimitStore = Pick<RateLimitPluginOptions, 'store' | 'redis' | 'nameSpace'>;

export interface RateLimitOptions {
  /** Requests per minute per client address; 0 registers nothing. */
  perMinute: number;
  store?: RateLimitStore;
}

/** The 429 of the routes isLimited() counts, for their response schemas (and so the OpenAPI document). */
export const TOO_MANY_REQUESTS = errorResponse(
  `over RATE_LIMIT_PER_MINUTE requests from this address within a minute (shared by /weather, /api/*, /oauth/*)`,
  { 'retry-after': { type: 'integer', description: 'seconds until the budget is whole again' } },
);

export const clientRateLimit = fp<RateLimitOptions>(
  async (app, { perMinute, store }) => {
    if (perMinute === 0) return;
    await app.register(rateLimit, {
      global: false, // not a hook per route: the one below decides which requests count
      max: perMinute,
      timeWindow: WINDOW_MS,
      cache: MEMORY_STORE_ADDRESSES,
      // A store that fails lets the request through rather than answering 500 (the Redis store falls back to
      // memory before it comes to that).
      skipOnError: true,
      ...store,
    });
    const count = app.createRateLimit();

    // onRequest, registered before the session plugin: a refused request costs no database read.
    app.addHook('onRequest', async (request, reply) => {
      if (!isLimited(request)) return;
      const verdict = await count(request);
      // Stryker disable next-line ConditionalExpression: isAllowed is true only for an allowList, which no option here can set
      if (verdict.isAllowed) return; // only for an allow-list, which Skydeck has none of (narrows the type)
      reply.header('x-ratelimit-limit', verdict.max);
      reply.header('x-ratelimit-remaining', verdict.remaining);
      reply.header('x-ratelimit-reset', verdict.ttlInSeconds);
      if (!verdict.isExceeded) return;
      reply.header('retry-after', verdict.ttlInSeconds);
      // Before the session hook, so nobody is signed in yet as far as the page knows.
      if (wantsHtml(request)) return sendPage(reply, tooManyRequestsPage(verdict.ttlInSeconds, null), 429);
      return reply.code(429).send({ error: 'too many requests' });
    });
  },
  { name: 'skydeck-rate-limit' },
);

/**
 * The requests that cost work: /weather, /api/*, /oauth/*, the home page's
 * search (GET /?city=) and the dashboard's forms. Matched on the route that
 * answers, not the raw URL, so no spelling of a path dodges it; a request for
 * no route (404) costs nothing and is not counted.
 */
export function isLimited(request: FastifyRequest): boolean {
  const route = request.routeOptions.url;
  if (route === undefined) return false;
  if (route === '/weather' || /^\/(weather|api|oauth)\//.test(route)) return true;
  if (route === '/') return Object.hasOwn(request.query as object, 'city');
  return route.startsWith('/dashboard/') && request.method === 'POST';
}
