/**
 * One error handler and one not-found handler for the whole app. Clients get
 * JSON with an `error` message; a 5xx never carries internals (they go to the log).
 */

import { Type } from '@sinclair/typebox';
import type { FastifyError, FastifyInstance } from 'fastify';

export const ErrorBody = Type.Object({ error: Type.String() });

export function registerErrorHandlers(app: FastifyInstance): void {
  app.setNotFoundHandler((request, reply) => {
    reply.code(404).send({ error: `no route for ${request.method} ${request.url.split('?')[0]}` });
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const status = error.statusCode && error.statusCode >= 400 ? error.statusCode : 500;
    if (status >= 500) {
      request.log.error({ err: error }, 'request failed');
      return reply.code(status).send({ error: 'internal server error' });
    }
    // Client errors (validation, bad JSON, body too large) are safe to explain.
    return reply.code(status).send({ error: clientMessage(error) });
  });
}

function clientMessage(error: FastifyError): string {
  if (error.validation) {
    const problems = error.validation.map((v) => `${v.instancePath.slice(1)} ${v.message}`.trim());
    return `invalid ${error.validationContext}: ${problems.join('; ')}`;
  }
  return error.message;
}
