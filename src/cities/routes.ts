/**
 * The saved-cities API, all of it for the signed-in user only:
 *   GET    /api/cities                        → 200 the user's cities, in the order added
 *   POST   /api/cities {"name"}               → 201 the saved city; 400 bad name, 409 duplicate or
 *                                               full, 422 unknown to the provider, 503 provider down
 *   DELETE /api/cities/:id                    → 204; 404 when it is not the user's
 *   GET    /api/cities/:id/history?month=…    → 200 the month day by day; 400 bad month, 404 not the user's
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requireUser, signedInUser } from '../auth/require-user.js';
import { ErrorBody } from '../http/errors.js';
import { monthHistory } from '../snapshots/history.js';
import { isMonth, monthOf } from '../snapshots/month.js';
import type { SnapshotRepository } from '../snapshots/repository.js';
import type { City, CityRepository } from './repository.js';
import { CityParams } from './schemas.js';
import type { AddCityProblem, CityService } from './service.js';

const CityBody = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  country: Type.Union([Type.String(), Type.Null()]),
  created_at: Type.String(),
});

const DayBody = Type.Object({
  date: Type.String(),
  min_c: Type.Number(),
  max_c: Type.Number(),
  avg_c: Type.Number(),
  samples: Type.Integer(),
});

const HistoryBody = Type.Object({ city: CityBody, month: Type.String(), days: Type.Array(DayBody) });

const STATUS: Record<AddCityProblem, 400 | 409 | 422 | 503> = {
  invalid: 400,
  duplicate: 409,
  limit: 409,
  not_found: 422,
  unavailable: 503,
};

const NOT_FOUND = { error: 'city not found' };

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

  app.get('/api/cities', { schema: { response: { 200: Type.Array(CityBody), 401: ErrorBody } } }, async (request) =>
    (await cities.listForUser(signedInUser(request).id)).map(publicCity),
  );

  app.post(
    '/api/cities',
    {
      schema: {
        body: Type.Object({ name: Type.Optional(Type.String()) }),
        response: { 201: CityBody, 400: ErrorBody, 401: ErrorBody, 409: ErrorBody, 422: ErrorBody, 503: ErrorBody },
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
    { schema: { params: CityParams, response: { 204: Type.Null(), 400: ErrorBody, 401: ErrorBody, 404: ErrorBody } } },
    async (request, reply) => {
      const removed = await cities.remove(signedInUser(request).id, request.params.id);
      return removed ? reply.code(204).send(null) : reply.code(404).send(NOT_FOUND);
    },
  );

  app.get(
    '/api/cities/:id/history',
    {
      schema: {
        params: CityParams,
        querystring: Type.Object({ month: Type.Optional(Type.String()) }),
        response: { 200: HistoryBody, 400: ErrorBody, 401: ErrorBody, 404: ErrorBody },
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

/** What clients see of a city: not the internal key or the query it was found with. */
function publicCity(city: City) {
  return { id: city.id, name: city.name, country: city.country, created_at: city.created_at };
}
