/**
 * Many clients send `Content-Type: application/json` on every request, a DELETE
 * or a bodiless POST included. A route that takes no body (no body schema) has
 * nothing to parse, so when the request brings none its content type is dropped
 * before Fastify would refuse the empty body (400 "Body cannot be empty") or a type
 * it has no parser for (415). Routes that take a body keep their parsing: an empty
 * form is still an empty form, an empty JSON body still a 400.
 */
import type { FastifyInstance } from 'fastify';

export function ignoreContentTypeWithoutBody(app: FastifyInstance): void {
  app.addHook('onRequest', async (request) => {
    const headers = request.raw.headers;
    // A chunked request brings a body whatever its length says: it is parsed as its type says, route or not.
    if (headers['transfer-encoding'] !== undefined || request.routeOptions.schema?.body !== undefined) return;
    const length = headers['content-length'];
    if (length === undefined || length === '0') delete headers['content-type'];
  });
}
