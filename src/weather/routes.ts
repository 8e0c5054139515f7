/**
 * GET /weather?city=NAME — the seed's contract: 200 with the weather, 400 for a bad city, 503 when upstream
 * fails (with Retry-After when Skydeck is holding calls back). A 200 may be cached downstream for what is
 * left of its TTL; one served stale, because the provider failed, says how old it is.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { errorResponse, providerUnavailable } from '../http/errors.ts';
import { TOO_MANY_REQUESTS } from '../http/rate-limit.ts';
import { validateCity } from './city.ts';
import { Weather, type WeatherError } from './openweathermap.ts';
import type { WeatherService } from './service.ts';

/** The seed's fields, exactly: clients written against /weather get nothing they did not ask for. */
const SeedWeather = Type.Pick(
  Weather,
  ['city', 'temp_c', 'description', 'feels_like_c', 'humidity', 'wind_ms', 'icon', 'country', 'observed_at'],
  {
    description: 'the current weather',
    headers: {
      'cache-control': { type: 'string', description: 'public, max-age=<seconds left of the cache TTL>' },
      age: { type: 'integer', description: 'only on a stale answer served because the provider failed: its age, s' },
    },
  },
);

export const weatherRoutes: FastifyPluginAsyncTypebox<{ weather: WeatherService }> = async (app, { weather }) => {
  app.get(
    '/weather',
    {
      schema: {
        summary: 'Current weather for a city (the seed-compatible route)',
        description:
          'Every upstream failure, an unknown city included, is 503: the contract the first clients were written against.',
        tags: ['weather'],
        querystring: Type.Object({
          city: Type.Optional(
            Type.String({ description: 'the city, 1–100 characters after trimming, no control characters' }),
          ),
        }),
        response: {
          200: SeedWeather,
          400: errorResponse('the city is missing or not a valid name; nothing was sent upstream'),
          429: TOO_MANY_REQUESTS,
          503: providerUnavailable('the weather provider failed or does not know the city'),
        },
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
