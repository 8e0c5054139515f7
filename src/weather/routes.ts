/** GET /weather?city=NAME — the seed's contract: 200 with the weather, 400 for a bad city, 503 when upstream fails. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ErrorBody } from '../http/errors.js';
import { validateCity } from './city.js';
import type { WeatherClient, WeatherError } from './openweathermap.js';

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

export const weatherRoutes: FastifyPluginAsyncTypebox<{ weather: WeatherClient }> = async (app, { weather }) => {
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
        return await weather.current(check.city);
      } catch (error) {
        // The client turns every failure into a WeatherError; the seed maps them all to 503.
        request.log.warn({ reason: (error as WeatherError).message }, 'weather lookup failed');
        return reply.code(503).send({ error: 'weather service unavailable, try again later' });
      }
    },
  );
};
