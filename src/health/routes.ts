import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';

/** GET /healthz: the process is up and routing. For load balancers and `npm start` smoke checks. */
export const healthRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/healthz',
    {
      schema: {
        summary: 'The process is up and routing',
        tags: ['health'],
        response: { 200: Type.Object({ status: Type.Literal('ok') }, { description: 'up' }) },
      },
    },
    async () => ({ status: 'ok' as const }),
  );
};
