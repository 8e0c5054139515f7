import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * preHandler for routes that need a signed-in user. API routes (under /api/)
 * answer 401 JSON; pages redirect to /login, as the seed's login_required does.
 */
export async function requireUser(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  if (request.user) return;
  if (request.url.startsWith('/api/')) {
    return reply.code(401).send({ error: 'sign in required' });
  }
  return reply.redirect('/login', 302);
}
