import type { FastifyRequest } from 'fastify';

/** Browsers ask for text/html; API clients (curl, fetch, tests) get JSON unless they do. */
export function wantsHtml(request: FastifyRequest): boolean {
  return request.headers.accept?.includes('text/html') ?? false;
}
