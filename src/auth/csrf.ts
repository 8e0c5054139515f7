/**
 * Cross-site request forgery: a browser attaches the session cookie to a form
 * posted from any site (SameSite=Lax stops that for POST, but not in every
 * browser, nor from a sibling subdomain). So a state-changing request that
 * carries the session cookie must say it comes from Skydeck's own origin —
 * Origin, or Referer when a browser sends no Origin — or it is refused with 403.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { wantsHtml } from '../web/negotiation.ts';
import { sendPage } from '../web/reply.ts';
import { crossSiteRefusedPage } from './pages.ts';
import { SESSION_COOKIE } from './session-plugin.ts';

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Where a request says it comes from: Origin, else Referer's origin, else null. */
export function requestOrigin(headers: FastifyRequest['headers']): string | null {
  // Origin "null" (sandboxed frames, some redirects) is an origin, just not ours.
  if (typeof headers.origin === 'string') return headers.origin;
  const referer = headers.referer;
  // Stryker disable next-line ConditionalExpression: without it a missing Referer reaches new URL(undefined), which throws, and the catch returns null all the same
  if (typeof referer !== 'string') return null;
  try {
    return new URL(referer).origin;
  } catch {
    return null;
  }
}

export const csrfPlugin = fp<{ publicUrl: string }>(
  async (app, { publicUrl }) => {
    const ownOrigin = new URL(publicUrl).origin;
    app.addHook('onRequest', async (request, reply) => {
      if (!STATE_CHANGING.has(request.method) || request.cookies[SESSION_COOKIE] === undefined) return;
      const origin = requestOrigin(request.headers);
      if (origin === ownOrigin) return;
      return refuseCrossSite(request, reply, origin);
    });
  },
  { name: 'skydeck-csrf', dependencies: ['skydeck-sessions'] },
);

/** The 403 for a request from another site: a page for browsers, JSON for the rest. */
export function refuseCrossSite(request: FastifyRequest, reply: FastifyReply, origin: string | null): FastifyReply {
  request.log.warn({ origin }, 'cross-site request refused');
  if (wantsHtml(request)) return sendPage(reply, crossSiteRefusedPage(request.user), 403);
  return reply.code(403).send({ error: 'cross-site request refused' });
}
