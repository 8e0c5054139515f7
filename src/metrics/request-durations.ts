/**
 * Times every HTTP answer into skydeck_http_request_duration_seconds. The
 * labels are bounded whatever clients send: `route` is the route's pattern
 * (`/api/cities/:id`, never `/api/cities/7`), and every request no route
 * matched shares one label, so a flood of random paths cannot grow the series.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Metrics } from './metrics.ts';

/** The `route` label of requests that matched no route (404s, URLs refused before routing). */
export const UNMATCHED_ROUTE = 'unmatched';

/** `metrics.httpRequestDuration` is read per request, not kept: a test may hand the app new metrics. */
export function recordRequestDurations(app: FastifyInstance, metrics: Metrics): void {
  app.addHook('onResponse', async (request, reply) => {
    metrics.httpRequestDuration.observe(
      { method: request.method, route: routeLabel(request), status_class: `${Math.floor(reply.statusCode / 100)}xx` },
      reply.elapsedTime / 1000,
    );
  });
}

function routeLabel(request: FastifyRequest): string {
  // Fastify leaves the pattern undefined exactly when no route matched (request.is404).
  return request.routeOptions.url ?? UNMATCHED_ROUTE;
}
