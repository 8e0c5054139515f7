/**
 * The saved-cities API, all of it for the signed-in user only:
 *   GET    /api/cities                        → 200 the user's cities, in the order added
 *   POST   /api/cities {"name"}               → 201 the saved city; 400 bad name, 409 duplicate or
 *                                               full, 422 unknown to the provider, 503 provider down
 *   DELETE /api/cities/:id                    → 204; 404 when it is not the user's
 *   GET    /api/cities/:id/history?month=…    → 200 the month day by day; 400 bad month, 404 not the user's
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { type Static, Type } from 'typebox';
import { requireUser, signedInUser } from '../auth/require-user.ts';
import { SIGNED_IN } from '../http/api-docs.ts';
import { errorResponse, providerUnavailable } from '../http/errors.ts';
import { TOO_MANY_REQUESTS } from '../http/rate-limit.ts';
import { DayStats } from '../snapshots/day-stats.ts';
import { monthHistory } from '../snapshots/history.ts';
import { isMonth, monthOf } from '../snapshots/month.ts';
import type { SnapshotRepository } from '../snapshots/repository.ts';
import type { City, CityRepository } from './repository.ts';
import { CityParams } from './schemas.ts';
import { type AddCityProblem, type CityService, MAX_CITIES_PER_USER } from './service.ts';

/** What clients see of a saved city: not the internal key, nor the query it was found with. */
const PublicCity = Type.Object({
  id: Type.Integer(),
  name: Type.String({ description: 'the provider\'s spelling, e.g. "São Paulo" for "sao paulo"' }),
  country: Type.Union([Type.String(), Type.Null()], { description: 'ISO 3166 country code, or null' }),
  created_at: Type.String({ format: 'date-time', description: 'when it was saved, UTC' }),
});
type PublicCity = Static<typeof PublicCity>;

const History = Type.Object(
  {
    city: PublicCity,
    month: Type.String({ pattern: '^\\d{4}-\\d{2}$', description: 'YYYY-MM' }),
    days: Type.Array(DayStats, { description: 'one entry per UTC day with samples, in order' }),
  },
  { description: 'the month, day by day' },
);

const STATUS: Record<AddCityProblem, 400 | 409 | 422 | 503> = {
  invalid: 400,
  duplicate: 409,
  limit: 409,
  not_found: 422,
  unavailable: 503,
};

const NOT_FOUND = { error: 'city not found' };

const SIGNED_OUT = errorResponse('not signed in (no session, or it expired)');
const CROSS_SITE = errorResponse("the session cookie came with a request from another site's page");
const NOT_YOURS = errorResponse("the user has no saved city with this id (another user's looks the same)");

export interface CityRoutesOptions {
  cities: CityRepository;
  cityRules: CityService;
  snapshots: SnapshotRepository;
}

export const cityRoutes: FastifyPluginAsyncTypebox<CityRoutesOptions> = async (
  app,
  { cities, cityRules, snapshots },
) => {
  // onRequest, not preHandler: a signed-out request is 401 before its body or params are even looked at.
  app.addHook('onRequest', requireUser);

  app.get(
    '/api/cities',
    {
      schema: {
        summary: "The user's saved cities",
        tags: ['cities'],
        security: SIGNED_IN,
        response: {
          200: Type.Array(PublicCity, { description: 'in the order they were added' }),
          401: SIGNED_OUT,
          429: TOO_MANY_REQUESTS,
        },
      },
    },
    async (request) => (await cities.listForUser(signedInUser(request).id)).map(publicCity),
  );

  app.post(
    '/api/cities',
    {
      schema: {
        summary: 'Save a city',
        description:
          'The name follows the /weather rules and is checked with the weather provider, which also gives the saved spelling.',
        tags: ['cities'],
        security: SIGNED_IN,
        body: Type.Object({
          name: Type.Optional(Type.String({ description: 'the city, as for GET /weather', examples: ['Dublin'] })),
        }),
        response: {
          201: Type.Object(PublicCity.properties, { description: 'saved' }),
          400: errorResponse('the body is malformed JSON, or the name is missing or not a valid name'),
          401: SIGNED_OUT,
          403: CROSS_SITE,
          409: errorResponse(`the city is already saved, or the user already has ${MAX_CITIES_PER_USER}`),
          413: errorResponse('the body is larger than the server accepts'),
          415: errorResponse('the body is in a format Skydeck does not read: send JSON'),
          422: errorResponse('the weather provider does not know the city'),
          429: TOO_MANY_REQUESTS,
          503: providerUnavailable('the weather provider is unavailable: try again later'),
        },
      },
    },
    async (request, reply) => {
      const outcome = await cityRules.add(signedInUser(request).id, request.body.name);
      if (outcome.ok) return reply.code(201).send(publicCity(outcome.city));
      if (outcome.reason) request.log.warn({ reason: outcome.reason }, 'city check failed');
      if (outcome.retryAfterS !== undefined) reply.header('retry-after', String(outcome.retryAfterS));
      return reply.code(STATUS[outcome.problem]).send({ error: outcome.error });
    },
  );

  app.delete(
    '/api/cities/:id',
    {
      schema: {
        summary: 'Remove a saved city',
        description: 'Its history stays with the city: saving it again, or another user saving it, shows it.',
        tags: ['cities'],
        security: SIGNED_IN,
        params: CityParams,
        response: {
          204: Type.Null({ description: 'removed' }),
          400: errorResponse('the id is not a positive integer'),
          401: SIGNED_OUT,
          403: CROSS_SITE,
          404: NOT_YOURS,
          429: TOO_MANY_REQUESTS,
        },
      },
    },
    async (request, reply) => {
      const removed = await cities.remove(signedInUser(request).id, request.params.id);
      return removed ? reply.code(204).send(null) : reply.code(404).send(NOT_FOUND);
    },
  );

  app.get(
    '/api/cities/:id/history',
    {
      schema: {
        summary: "A saved city's month, day by day",
        description: "From the snapshot job's samples, or from the month's summary once it has one.",
        tags: ['cities'],
        security: SIGNED_IN,
        params: CityParams,
        querystring: Type.Object({
          month: Type.Optional(Type.String({ description: 'YYYY-MM; the current UTC month when left out' })),
        }),
        response: {
          200: History,
          400: errorResponse('the id is not a positive integer, or the month is not YYYY-MM'),
          401: SIGNED_OUT,
          404: NOT_YOURS,
          429: TOO_MANY_REQUESTS,
        },
      },
    },
    async (request, reply) => {
      const month = request.query.month ?? monthOf(new Date());
      if (!isMonth(month)) return reply.code(400).send({ error: 'month must be YYYY-MM, e.g. 2026-11' });
      const city = await cities.findForUser(signedInUser(request).id, request.params.id);
      if (!city) return reply.code(404).send(NOT_FOUND);
      const days = await monthHistory(snapshots, city.city_key, month);
      return { city: publicCity(city), month, days };
    },
  );
};

function publicCity(city: City): PublicCity {
  return { id: city.id, name: city.name, country: city.country, created_at: city.created_at };
}
