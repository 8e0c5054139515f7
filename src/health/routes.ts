import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { withDeadline } from '../http/upstream.js';

/** Something /readyz asks: resolves when that part answers, rejects (or outlasts the deadline) when it does not. */
export interface ReadinessCheck {
  name: string;
  check: () => Promise<unknown>;
}

/** A part that has not answered in this long is not ready: a load balancer's probe must not hang. */
export const READINESS_TIMEOUT_MS = 2000;

const Ready = Type.Object({ status: Type.Literal('ready') });
const NotReady = Type.Object({ status: Type.Literal('unavailable'), failing: Type.Array(Type.String()) });

/**
 * GET /healthz: the process is up and routing — cheap, touches nothing, for liveness probes.
 * GET /readyz: every part it needs answers (the database; Redis when configured), for a load balancer
 * deciding whether to send this instance traffic: 503 naming the failing parts otherwise.
 */
export const healthRoutes: FastifyPluginAsyncTypebox<{ checks: readonly ReadinessCheck[] }> = async (
  app,
  { checks },
) => {
  app.get('/healthz', { schema: { response: { 200: Type.Object({ status: Type.Literal('ok') }) } } }, async () => ({
    status: 'ok' as const,
  }));

  app.get('/readyz', { schema: { response: { 200: Ready, 503: NotReady } } }, async (request, reply) => {
    const results = await Promise.allSettled(checks.map(({ check }) => withDeadline(READINESS_TIMEOUT_MS, check)));
    const failing = checks.filter((_, index) => results[index]?.status === 'rejected').map(({ name }) => name);
    if (failing.length === 0) return { status: 'ready' as const };
    request.log.warn({ failing }, 'not ready');
    return reply.code(503).send({ status: 'unavailable' as const, failing });
  });
};
