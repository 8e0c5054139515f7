/**
 * POST /units (form: units=metric|imperial, return=/path) — the °C/°F toggle.
 * Signed in, the choice is saved on the user; either way it is kept in a
 * cookie, so the browser remembers it after signing out. Then 303 back to the
 * page the toggle was on (post → redirect → get), a same-site path only.
 * Units that are neither → 400 (a page for browsers, JSON for the rest).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { refuseCrossSite, requestOrigin } from '../auth/csrf.ts';
import type { UserRepository } from '../auth/users.ts';
import { HIDDEN } from '../http/api-docs.ts';
import { isUnits } from '../weather/units.ts';
import { clientErrorPage } from '../web/error-pages.ts';
import { wantsHtml } from '../web/negotiation.ts';
import { sendPage } from '../web/reply.ts';
import { safeReturnPath } from '../web/return-path.ts';
import { rememberUnits } from './units.ts';

export interface PreferenceRoutesOptions {
  users: UserRepository;
  publicUrl: string;
  /** Secure cookies: on when PUBLIC_URL is https. */
  secure: boolean;
}

const UnitsForm = Type.Object({
  units: Type.Optional(Type.String()),
  /** The page to go back to; anything but a same-site path goes to /. */
  return: Type.Optional(Type.String()),
});

const INVALID_UNITS = 'units must be metric or imperial';

export const preferenceRoutes: FastifyPluginAsyncTypebox<PreferenceRoutesOptions> = async (
  app,
  { users, publicUrl, secure },
) => {
  const ownOrigin = new URL(publicUrl).origin;

  app.post('/units', { schema: { ...HIDDEN, body: UnitsForm } }, async (request, reply) => {
    // With the session cookie the CSRF plugin has already refused another site's form. Without it there is
    // no account to protect, but another site's form must not flip this browser's units either.
    const origin = requestOrigin(request.headers);
    if (origin !== null && origin !== ownOrigin) {
      return refuseCrossSite(request, reply, origin);
    }
    const { units } = request.body;
    if (!isUnits(units)) {
      if (wantsHtml(request)) return sendPage(reply, clientErrorPage(400, INVALID_UNITS, request.user), 400);
      return reply.code(400).send({ error: INVALID_UNITS });
    }
    if (request.user) await users.setUnits(request.user.id, units);
    rememberUnits(reply, units, secure);
    return reply.redirect(safeReturnPath(request.body.return), 303);
  });
};
