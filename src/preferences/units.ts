/**
 * Which units a request's pages are shown in. A signed-in user's choice is
 * saved on their row (users.units) and wins; signed out, the choice lives in a
 * cookie of its own (not the session: choosing °F should not start one). A
 * cookie that says anything else is ignored: metric, as before the choice existed.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isUnits, type Units } from '../weather/units.ts';

export const UNITS_COOKIE = 'skydeck_units';
const ONE_YEAR_S = 365 * 24 * 60 * 60;

export function unitsOf(request: FastifyRequest): Units {
  if (request.user) return request.user.units;
  const cookie = request.cookies[UNITS_COOKIE];
  return isUnits(cookie) ? cookie : 'metric';
}

export function rememberUnits(reply: FastifyReply, units: Units, secure: boolean): void {
  reply.setCookie(UNITS_COOKIE, units, { httpOnly: true, sameSite: 'lax', path: '/', secure, maxAge: ONE_YEAR_S });
}
