/** GET /static/app.css and /static/favicon.svg: served from memory with a day of caching. */
import type { FastifyPluginAsync } from 'fastify';
import { FAVICON_SVG } from './favicon.js';
import { STYLESHEET } from './stylesheet.js';

export const staticRoutes: FastifyPluginAsync = async (app) => {
  app.get('/static/app.css', async (_request, reply) => {
    reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=86400');
    return STYLESHEET;
  });
  app.get('/static/favicon.svg', async (_request, reply) => {
    reply.type('image/svg+xml').header('cache-control', 'public, max-age=86400');
    return FAVICON_SVG;
  });
};
