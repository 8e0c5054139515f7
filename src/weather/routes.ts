/** GET /weather?city=NAME — the seed's contract: 200 with the weather, 400 for a bad city, 503 when upstream fails. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { errorResponse } from '../http/errors.js';
import { TOO_MANY_REQUESTS } from '../http/rate-limit.js';
import { validateCity } from './city.js';
import { Weather, type WeatherClient, type WeatherError } from './openweathermap.js';

/** The seed's fields, exactly: clients written against /weather get nothing they did not ask for. */
const SeedWeather = Type.Pick(
  Weather,
  ['city', 'temp_c', 'description', 'feels_like_c', 'humidity', 'wind_ms', 'icon', 'country', 'observed_at'],
  { description: 'the current weather' },
);

export const weatherRoutes: FastifyPluginAsyncTypebox<{ weather: WeatherClient }> = async (app, { weather }) => {
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
          503: errorResponse('the weather provider failed or does not know the city'),
        },
      },
    },
    async (request, reply) => {
      const check = validateCity(request.query.city);
      if (!check.ok) return reply.code(400).send({ error: check.error });
      try {
        return await weather.current(check.city);
      } catch (error) {
        // The client turns every failure into a WeatherError; the seed maps them all to 503.
        request.log.warn({ reason: (error as WeatherError).message }, 'weather lookup failed');
        return reply.code(503).send({ error: 'weather service unavailable, try again later' });
      }
    },
  );
};
