/**
 * The API, documented. @fastify/swagger builds an OpenAPI 3.1 document from the
 * route schemas — the same schemas that validate requests and serialise
 * responses, so the document describes what the routes do, not what someone
 * remembered to write down. GET /openapi.json serves it; GET /docs renders it
 * for people with Swagger UI (@fastify/swagger-ui), every file served by
 * Skydeck itself, under the app's own Content-Security-Policy.
 *
 * Register it before any route: @fastify/swagger only sees routes added after
 * it. Routes for browsers (pages, forms, /oauth/*, /static) say
 * `schema: { hide: true }` and stay out of the document.
 */
import { readFileSync } from 'node:fs';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';

/** Read once: the document's version is the package's. */
const PACKAGE_VERSION: string = JSON.parse(
  readFileSync(new URL('../../package.json', import.meta.url), 'utf8'),
).version;

export const DOCS_PATH = '/docs';
export const OPENAPI_PATH = '/openapi.json';

/** The security requirement of routes that need a signed-in user (the session cookie). */
export const SIGNED_IN = [{ session: [] }];

/** Routes for browsers, left out of the document. */
export const HIDDEN = { hide: true } as const;

const DESCRIPTION = `Skydeck's JSON API: current weather for a city, and a signed-in user's saved cities with their
weather history.

**Errors** are \`{"error": "..."}\` with a message meant for people. A browser (\`Accept: text/html\`) gets a
friendly HTML page instead of the JSON error body; API clients keep the JSON. Any route may answer
\`500 {"error": "internal server error"}\`; the details go to the server's log only.

**Signing in** happens in a browser: \`/login\` → GitHub → back to Skydeck, which sets the \`skydeck_session\`
cookie (HttpOnly). Routes marked with the lock need it; under \`/api/\` a missing or expired session is
\`401 {"error": "sign in required"}\`. A \`POST\`, \`PUT\`, \`PATCH\` or \`DELETE\` that carries the cookie must come
from Skydeck's own origin (\`Origin\`, else \`Referer\`), else \`403 {"error": "cross-site request refused"}\`.

In demo mode (no weather API key) answers carry \`X-Skydeck-Demo: 1\` and come from built-in canned data.`;

export async function registerApiDocs(app: FastifyInstance, options: { sessionCookie: string }): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Skydeck', version: PACKAGE_VERSION, description: DESCRIPTION },
      tags: [
        { name: 'weather', description: 'Current weather for any city the provider knows; no sign-in needed.' },
        { name: 'cities', description: "The signed-in user's saved cities and their history." },
        { name: 'account', description: 'Who is signed in.' },
        { name: 'health', description: 'For load balancers and monitoring.' },
      ],
      components: {
        securitySchemes: {
          session: {
            type: 'apiKey',
            in: 'cookie',
            name: options.sessionCookie,
            description: 'Set by signing in with GitHub in a browser (/login); HttpOnly, so scripts cannot read it.',
          },
          metricsToken: {
            type: 'http',
            scheme: 'bearer',
            description: 'METRICS_TOKEN, for a Prometheus scraper; without it /metrics does not exist (404).',
          },
        },
      },
    },
  });
  await app.register(swaggerUi, {
    routePrefix: DOCS_PATH,
    // Nothing from elsewhere: no validator badge from validator.swagger.io, no remote logo.
    validatorUrl: false,
    // BaseLayout: no top bar. Its logo carries an inline <style> the CSP refuses, and its box loads any URL.
    uiConfig: { layout: 'BaseLayout' },
    theme: { title: 'Skydeck API' },
  });
  app.get(OPENAPI_PATH, { schema: HIDDEN }, async () => app.swagger());
}
