/**
 * GET /weather?city=NAME — the seed's contract: 200 with the weather, 400 for a bad city, 503 when upstream
 * fails (with Retry-After when Skydeck is holding calls back). A 200 may be cached downstream for what is
 * left of its TTL; one served stale, because the provider failed, says how old it is.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ErrorBody } from '../http/errors.js';
import { validateCity } from './city.js';
import type { WeatherError } from './openweathermap.js';
import type { WeatherService } from './service.js';

const WeatherBody = Type.Object({
  city: Type.String(),
  temp_c: Type.Number(),
  description: Type.String(),
  feels_like_c: Type.Union([Type.Number(), Type.Null()]),
  humidity: Type.Union([Type.Number(), Type.Null()]),
  wind_ms: Type.Union([Type.Number(), Type.Null()]),
  icon: Type.Union([Type.String(), Type.Null()]),
  country: Type.Union([Type.String(), Type.Null()]),
  observed_at: Type.Union([Type.String(), Type.Null()]),
});

export const weatherRoutes: FastifyPluginAsyncTypebox<{ weather: WeatherService }> = async (app, { weather }) => {
  app.get(
    '/weather',
    {
      schema: {
        querystring: Type.Object({ city: Type.Optional(Type.String()) }),
        response: { 200: WeatherBody, 400: ErrorBody, 503: ErrorBody },
      },
    },
    async (request, reply) => {
      const check = validateCity(request.query.city);
      if (!check.ok) return reply.code(400).send({ error: check.error });
      try {
        const answer = await weather.current(check.city);
        // max-age is what is left of the TTL, so no Age with it on a fresh answer: a downstream cache
        // would subtract the age twice. A stale answer has max-age 0 and says how old it is.
        reply.header('cache-control', `public, max-age=${answer.freshForS}`);
        if (answer.stale) reply.header('age', String(answer.ageS));
        return answer.value;
      } catch (error) {
        // The service turns every failure into a WeatherError; the seed maps them all to 503.
        const failure = error as WeatherError;
        request.log.warn({ reason: failure.message }, 'weather lookup failed');
        if (failure.retryAfterS !== undefined) reply.header('retry-after', String(failure.retryAfterS));
        return reply.code(503).send({ error: 'weather service unavailable, try again later' });
      }
    },
  );
};
