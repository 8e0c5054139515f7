/**
 * GET /metrics: the app's registry in Prometheus text, for a scraper holding
 * METRICS_TOKEN. Registered only when the token is set (otherwise /metrics is
 * the same 404 as any unknown path). Never rate limited (a scraper polls on a
 * schedule; limiting it would only leave holes in the graphs): the limiter
 * counts only the routes it names (http/rate-limit.ts).
 */
import type { FastifyPluginAsync } from 'fastify';
import { Type } from 'typebox';
import { hashToken, sameSecret } from '../auth/tokens.ts';
import { ErrorBody } from '../http/errors.ts';
import type { Metrics } from './metrics.ts';

export interface MetricsRoutesOptions {
  /** Its registry is read per request, not kept: a test may hand the app new metrics. */
  metrics: Metrics;
  token: string;
}

export const metricsRoutes: FastifyPluginAsync<MetricsRoutesOptions> = async (app, { metrics, token }) => {
  const isToken = tokenCheck(token);
  app.get(
    '/metrics',
    {
      schema: {
        summary: 'Prometheus metrics (only when METRICS_TOKEN is set)',
        security: [{ metricsToken: [] }],
        response: {
          200: {
            description: 'Prometheus text exposition format',
            content: { 'text/plain': { schema: Type.String() } },
          },
          401: ErrorBody,
        },
      },
      onRequest: async (request, reply) => {
        if (isToken(request.headers.authorization)) return;
        return reply
          .code(401)
          .header('www-authenticate', 'Bearer realm="skydeck metrics"')
          .send({ error: 'a valid bearer token is required' });
      },
      // The session plugin may clear or renew a cookie a request happens to carry; no cookie belongs here.
      onSend: async (_request, reply) => {
        reply.removeHeader('set-cookie');
      },
    },
    async (_request, reply) => {
      const { registry } = metrics;
      reply.type(registry.contentType).header('cache-control', 'no-store');
      return registry.metrics();
    },
  );
};

/**
 * Compares `Authorization: Bearer <token>` with the expected token in constant
 * time. The digests are compared, not the tokens: they always have the same
 * length, so neither the token's characters nor its length leak.
 */
function tokenCheck(expected: string): (authorization: string | undefined) => boolean {
  const expectedDigest = hashToken(expected);
  return (authorization) => {
    // Stryker disable next-line StringLiteral: any stand-in for a missing header that is not "bearer <token>" is refused alike
    const presented = /^bearer +(\S+) *$/i.exec(authorization ?? '')?.[1];
    return presented !== undefined && sameSecret(hashToken(presented), expectedDigest);
  };
}
