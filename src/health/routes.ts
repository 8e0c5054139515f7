import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { withDeadline } from '../http/upstream.ts';

/** Something /readyz asks: resolves when that part answers, rejects (or outlasts the deadline) when it does not. */
export interface ReadinessCheck {
  name: string;
  check: () => Promise<unknown>;
  /** What serves instead while this part does not answer: then the instance stays ready, and the log says so. */
  fallback?: string;
}

/** A part that has not answered in this long is not ready: a load balancer's probe must not hang. */
export const READINESS_TIMEOUT_MS = 2000;

const Ready = Type.Object({ status: Type.Literal('ready') }, { description: 'every part answers' });
const NotReady = Type.Object(
  {
    status: Type.Literal('unavailable'),
    failing: Type.Array(Type.String(), { description: 'the parts that did not answer in time, e.g. "database"' }),
  },
  { description: 'a part it needs does not answer: send this instance no traffic' },
);

/**
 * GET /healthz: the process is up and routing — cheap, touches nothing, for liveness probes.
 * GET /readyz: every part it needs answers (the database; Redis when configured), for a load balancer
 * deciding whether to send this instance traffic: 503 naming the failing parts otherwise. A part with a
 * fallback (Redis: each instance's memory) is ready either way; the log line says which.
 */
export const healthRoutes: FastifyPluginAsyncTypebox<{ checks: readonly ReadinessCheck[] }> = async (
  app,
  { checks },
) => {
  app.get(
    '/healthz',
    {
      schema: {
        summary: 'The process is up and routing (liveness)',
        tags: ['health'],
        response: { 200: Type.Object({ status: Type.Literal('ok') }, { description: 'up' }) },
      },
    },
    async () => ({ status: 'ok' as const }),
  );

  const readyzSchema = {
    summary: 'Every part it needs answers (readiness)',
    description: `The database, and Redis when configured, each within ${READINESS_TIMEOUT_MS} ms.`,
    tags: ['health'],
    response: { 200: Ready, 503: NotReady },
  };
  app.get('/readyz', { schema: readyzSchema }, async (request, reply) => {
    const results = await Promise.allSettled(checks.map(({ check }) => withDeadline(READINESS_TIMEOUT_MS, check)));
    // Stryker disable next-line OptionalChaining: allSettled answers one result per check, so results[index] is always there (the ?. is for the type checker)
    const down = checks.filter((_, index) => results[index]?.status === 'rejected');
    const failing = down.filter((check) => check.fallback === undefined).map(({ name }) => name);
    // Stryker disable next-line MethodExpression: a part without a fallback would map to undefined, which the JSON log line leaves out
    const onFallback = Object.fromEntries(down.filter((check) => check.fallback).map((c) => [c.name, c.fallback]));
    if (down.length > failing.length) request.log.info({ fallback: onFallback }, 'ready on a fallback');
    if (failing.length === 0) return { status: 'ready' as const };
    request.log.warn({ failing }, 'not ready');
    return reply.code(503).send({ status: 'unavailable' as const, failing });
  });
};
