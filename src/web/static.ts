/**
 * GET /static/app.css, /static/favicon.svg and /static/icons/<code>.svg:
 * served from memory with a day of caching. An icon name Skydeck does not
 * have is a 404 (pages only ever link the ones it has: see weather-icons.ts).
 */
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { HIDDEN } from '../http/api-docs.ts';
import { FAVICON_SVG } from './favicon.ts';
import { STYLESHEET } from './stylesheet.ts';
import { ICON_FILES } from './weather-icons.ts';

export const staticRoutes: FastifyPluginAsync = async (app) => {
  app.get('/static/app.css', { schema: HIDDEN }, async (_request, reply) =>
    cacheable(reply, 'text/css; charset=utf-8', STYLESHEET),
  );
  app.get('/static/favicon.svg', { schema: HIDDEN }, async (_request, reply) => cacheable(reply, SVG, FAVICON_SVG));
  app.get<{ Params: { file: string } }>('/static/icons/:file', { schema: HIDDEN }, async (request, reply) => {
    const icon = ICON_FILES.get(request.params.file);
    if (icon === undefined) return reply.callNotFound();
    return cacheable(reply, SVG, icon);
  });
};

const SVG = 'image/svg+xml';

function cacheable(reply: FastifyReply, type: string, body: string): string {
  reply.type(type).header('cache-control', 'public, max-age=86400');
  return body;
}
