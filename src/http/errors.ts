/**
 * One error handler and one not-found handler for the whole app. API clients
 * get JSON with an `error` message; browsers (Accept: text/html) get a friendly
 * page instead. A 5xx never carries internals, in either form (they go to the log).
 */

import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { clientErrorPage, notFoundPage, serverErrorPage } from '../web/error-pages.ts';
import { wantsHtml } from '../web/negotiation.ts';
import { sendPage } from '../web/reply.ts';

/** Every JSON error: a message meant for people. */
export const ErrorBody = Type.Object({ error: Type.String({ description: 'what went wrong, in words' }) });

/**
 * ErrorBody as a route's response for one status; `when` says when it is
 * answered (the OpenAPI description), `headers` what it sends besides the body.
 */
export function errorResponse(when: string, headers?: Record<string, object>) {
  return Type.Object(ErrorBody.properties, { description: when, ...(headers && { headers }) });
}

/** A 503 while the provider is held back (its 429, or an open breaker), with the Retry-After it sends. */
export function providerUnavailable(when: string) {
  return errorResponse(when, {
    'retry-after': { type: 'integer', description: 'while Skydeck holds calls back (429, breaker): seconds' },
  });
}

export function registerErrorHandlers(app: FastifyInstance): void {
  app.setNotFoundHandler((request, reply) => {
    // Stryker disable next-line Regex: with the s flag, .* runs to the end of the input, so the match ends there with or without $
    const path = request.url.replace(/\?.*$/s, '');
    // People read "/café", not "/caf%C3%A9". Fastify has already refused a malformed escape (frameworkErrors).
    if (wantsHtml(request)) return sendPage(reply, notFoundPage(decodeURIComponent(path), userOf(request)), 404);
    return reply.code(404).send({ error: `no route for ${request.method} ${path}` });
  });
  app.setErrorHandler(replyWithError);
}

/**
 * Every error answer. Also Fastify's `frameworkErrors` option, for what it
 * refuses before routing (a malformed URL), which skips the error handler.
 */
export function replyWithError(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const status = error.statusCode && error.statusCode >= 400 ? error.statusCode : 500;
  const html = wantsHtml(request);
  if (status >= 500) {
    request.log.error({ err: error }, 'request failed');
    if (html) return sendPage(reply, serverErrorPage(status, userOf(request)), status);
    return reply.code(status).send({ error: 'internal server error' });
  }
  // Client errors (validation, bad JSON, body too large) are safe to explain.
  const message = clientMessage(error);
  if (html) return sendPage(reply, clientErrorPage(status, message, userOf(request)), status);
  return reply.code(status).send({ error: message });
}

function clientMessage(error: FastifyError): string {
  if (error.validation) {
    const problems = error.validation.map((v) => `${v.instancePath.slice(1)} ${v.message}${allowed(v.params)}`.trim());
    return `invalid ${error.validationContext}: ${problems.join('; ')}`;
  }
  return error.message;
}

/** An enum's values, so "must be equal to one of the allowed values" says which: " (metric, imperial)". */
function allowed(params: Record<string, unknown>): string {
  const values = params.allowedValues;
  return Array.isArray(values) ? ` (${values.join(', ')})` : '';
}

/** Errors can strike before the session hook has run (or in an app without it): then nobody is signed in. */
function userOf(request: FastifyRequest) {
  return request.user ?? null;
}
