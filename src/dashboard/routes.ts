/**
 * GET /dashboard — the seed's login_required route. Signed out: 302 to /login.
 * Signed in: the seed's JSON for API clients, a page for browsers.
 */
import type { FastifyPluginAsync } from 'fastify';
import { requireUser } from '../auth/require-user.js';
import type { User } from '../auth/users.js';
import { wantsHtml } from '../web/negotiation.js';
import { sendPage } from '../web/reply.js';
import { dashboardPage } from './page.js';

export const dashboardRoutes: FastifyPluginAsync = async (app) => {
  app.get('/dashboard', { preHandler: requireUser }, async (request, reply) => {
    const user = request.user as User; // requireUser let the request through
    if (wantsHtml(request)) return sendPage(reply, dashboardPage(user));
    return { user_id: user.id, username: user.login, message: 'welcome to your dashboard' };
  });
};
