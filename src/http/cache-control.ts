/**
 * Which responses a shared cache (a proxy, a CDN) may keep and serve to the next
 * person who asks, and the header for the ones it must not.
 */
import type { FastifyReply } from 'fastify';

/** About one person: no cache, shared or the browser's own, keeps a copy. */
export const PRIVATE_NO_STORE = 'private, no-store';

/**
 * The response's Cache-Control lets a shared cache keep it: `public`, or a lifetime
 * (`max-age`, `s-maxage`) without `private` or `no-store`. Such a response may go to
 * anyone, so it must never carry a cookie.
 */
export function isPubliclyCacheable(reply: FastifyReply): boolean {
  // No header reads as "undefined": no directive, so not public.
  const directives = String(reply.getHeader('cache-control'))
    .toLowerCase()
    .split(',')
    // split() always returns a first string.
    .map((directive) => (directive.split('=')[0] as string).trim());
  if (directives.includes('private') || directives.includes('no-store')) return false;
  return directives.includes('public') || directives.includes('max-age') || directives.includes('s-maxage');
}
