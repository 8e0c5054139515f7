/**
 * Browsers are sent to PUBLIC_URL before anything that depends on the host name.
 * Cookies belong to the name the browser used: a sign-in begun on
 * http://127.0.0.1:3000 keeps its attempt cookie there, GitHub sends the browser
 * back to PUBLIC_URL (http://localhost:3000), where that cookie does not exist,
 * and the sign-in fails; a session made on one name is signed out on the other.
 *
 * So a GET for a page (Accept: text/html), and any GET of /login or /oauth/*, made
 * by another name answers 302 to the same path and query on PUBLIC_URL. Not
 * redirected: other methods (a redirect would drop or resend a body), API clients
 * (curl http://127.0.0.1:3000/weather keeps working), /api/*, and the probes
 * (/healthz, /metrics), which call by whatever address they know.
 *
 * The target is always PUBLIC_URL's origin: only the path and query come from the
 * request, appended as text, so nothing in them ("//evil.com", a backslash, an
 * absolute-form request line) can name another host.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { wantsHtml } from '../web/negotiation.ts';

const PROBES = new Set(['/healthz', '/metrics']);
const DEFAULT_PORTS: Record<string, string> = { 'http:': '80', 'https:': '443' };

export function redirectToPublicUrl(app: FastifyInstance, publicUrl: string): void {
  const base = new URL(publicUrl);
  const ownHosts = new Set([base.host, `${base.hostname}:${base.port || DEFAULT_PORTS[base.protocol]}`]);
  app.addHook('onRequest', async (request, reply) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return;
    if (ownHosts.has(hostAsked(request))) return;
    // Stryker disable next-line Regex: with the s flag, .* runs greedily to the end whatever the $ says
    const path = pathAndQuery(request.url).replace(/\?.*$/s, '');
    if (PROBES.has(path) || path.startsWith('/api/')) return;
    const signIn = path === '/login' || path.startsWith('/oauth/');
    if (!signIn && !wantsHtml(request)) return;
    return reply.redirect(publicLocation(base, request.url), 302);
  });
}

/**
 * The name the browser used: a proxy's X-Forwarded-Host (its first entry) when there
 * is one, else Host. Believing it is safe here whatever TRUST_PROXY says: it can only
 * spare its sender a redirect to PUBLIC_URL. Behind a proxy that rewrites Host, it is
 * what stops every page redirecting to itself.
 */
function hostAsked(request: FastifyRequest): string {
  const forwarded = request.headers['x-forwarded-host'];
  const entries = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',') ?? [];
  // Stryker disable next-line OptionalChaining: with a header, split() always returns a first string (the ?. is for the type checker)
  const first = entries[0]?.trim();
  // Stryker disable next-line StringLiteral: a request with no host name at all only has to miss ownHosts, which any host-less text does
  return (first || request.headers.host || '').toLowerCase();
}

/** `requestUrl`'s path and query on PUBLIC_URL (and under its base path, if it has one). */
export function publicLocation(base: URL, requestUrl: string): string {
  const basePath = base.pathname.replace(/\/$/, '');
  return new URL(`${base.origin}${basePath}${pathAndQuery(requestUrl)}`).href;
}

/**
 * Origin-form ("/path?query") as sent; "//evil.com" stays a path once it follows an
 * origin. Anything else (absolute-form "http://host/path?query", "*") keeps only its
 * path and query, or "/".
 */
function pathAndQuery(requestUrl: string): string {
  if (requestUrl.startsWith('/')) return requestUrl;
  try {
    const url = new URL(requestUrl);
    return url.pathname.startsWith('/') ? `${url.pathname}${url.search}` : '/'; // "a:b" has the path "b"
  } catch {
    return '/';
  }
}
