/** GET /static/app.css: the one stylesheet, served from memory with a day of caching. */
import type { FastifyPluginAsync } from 'fastify';
import { STYLESHEET } from './stylesheet.js';

export const staticRoutes: FastifyPluginAsync = async (app) => {
  app.get('/static/app.css', async (_request, reply) => {
    reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=86400');
    return STYLESHEET;
  });
};
