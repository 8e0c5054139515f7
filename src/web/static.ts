/** GET /static/app.css and /static/favicon.svg: served from memory with a day of caching. */
import type { FastifyPluginAsync } from 'fastify';
import { HIDDEN } from '../http/api-docs.js';
import { FAVICON_SVG } from './favicon.js';
import { STYLESHEET } from './stylesheet.js';

export const staticRoutes: FastifyPluginAsync = async (app) => {
  app.get('/static/app.css', { schema: HIDDEN }, async (_request, reply) => {
    reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=86400');
    return STYLESHEET;
  });
  app.get('/static/favicon.svg', { schema: HIDDEN }, async (_request, reply) => {
    reply.type('image/svg+xml').header('cache-control', 'public, max-age=86400');
    return FAVICON_SVG;
  });
};
