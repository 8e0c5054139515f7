import type { FastifyReply, FastifyRequest } from 'fastify';
import type { User } from './users.ts';

/**
 * Hook (onRequest or preHandler) for routes that need a signed-in user. API
 * routes (under /api/) answer 401 JSON; pages redirect to /login, as the
 * seed's login_required does.
 */
export async function requireUser(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  if (request.user) return;
  if (request.url.startsWith('/api/')) {
    return reply.code(401).send({ error: 'sign in required' });
  }
  return reply.redirect('/login', 302);
}

/** The user of a request that requireUser let through; throws (a 500) if a route was left unguarded. */
export function signedInUser(request: FastifyRequest): User {
  if (!request.user) throw new Error('requireUser must run before this handler');
  return request.user;
}
