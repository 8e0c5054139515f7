/**
 * Security headers on every response, through @fastify/helmet. The policy is
 * strict because the pages allow it: no inline script or style anywhere (the
 * layout links /static/app.css), forms post only to Skydeck, no framing.
 */
import type { FastifyHelmetOptions } from '@fastify/helmet';

const SELF = "'self'";

export function securityHeaders({ https }: { https: boolean }): FastifyHelmetOptions {
  return {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        'default-src': [SELF],
        'script-src': [SELF],
        'style-src': [SELF],
        // GitHub avatars (avatars.githubusercontent.com, or a GitHub Enterprise host).
        'img-src': [SELF, 'https:', 'data:'],
        'form-action': [SELF],
        'frame-ancestors': ["'none'"],
        'base-uri': [SELF],
        'object-src': ["'none'"],
        // Only over https: on http://localhost it would send the browser to an https that is not there.
        ...(https ? { 'upgrade-insecure-requests': [] } : {}),
      },
    },
    strictTransportSecurity: https ? { maxAge: 180 * 24 * 60 * 60, includeSubDomains: true } : false,
    // Not helmet's "no-referrer": under it browsers send `Origin: null` with a same-origin form post,
    // which the CSRF check (auth/csrf.ts) must refuse. "same-origin" still tells other sites nothing.
    referrerPolicy: { policy: 'same-origin' },
  };
}
