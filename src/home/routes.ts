/**
 * GET / — the home page. With ?city= it looks the weather up and answers with
 * the page either way; the status says how it went: 200 found, 400 the city
 * is not a valid name, 404 the provider does not know it, 503 the provider is down.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyBaseLogger } from 'fastify';
import { Type } from 'typebox';
import { HIDDEN } from '../http/api-docs.ts';
import { unitsOf } from '../preferences/units.ts';
import { validateCity } from '../weather/city.ts';
import type { WeatherError } from '../weather/openweathermap.ts';
import { forecastForPage } from '../weather/page-forecast.ts';
import type { WeatherService } from '../weather/service.ts';
import { sendPage } from '../web/reply.ts';
import { homePage, type SearchResult } from './page.ts';

export interface HomeRoutesOptions {
  weather: WeatherService;
  /** The demo provider's cities, shown as suggestions; empty outside demo mode. */
  demoCities: readonly string[];
}

const HomeQuery = Type.Object({ city: Type.Optional(Type.String()) });

export const homeRoutes: FastifyPluginAsyncTypebox<HomeRoutesOptions> = async (app, { weather, demoCities }) => {
  app.get('/', { schema: { ...HIDDEN, querystring: HomeQuery } }, async (request, reply) => {
    const query = request.query.city;
    const { status, result, retryAfterS } =
      query === undefined ? { status: 200, result: NOTHING } : await search(query, request.log);
    if (retryAfterS !== undefined) reply.header('retry-after', String(retryAfterS));
    const user = request.user ?? null;
    const units = unitsOf(request);
    return sendPage(
      reply,
      homePage({ user, query: query ?? '', result, demoCities, units, path: request.url }),
      status,
    );
  });

  async function search(query: string, log: FastifyBaseLogger): Promise<SearchOutcome> {
    const check = validateCity(query);
    if (!check.ok) return { status: 400, result: problem(`${capitalise(check.error)}.`) };
    // Side by side: the forecast adds no wait of its own, and its failure is only the forecast's.
    const forecast = forecastForPage(weather, check.city, log);
    try {
      const { value: current } = await weather.current(check.city);
      return { status: 200, result: { kind: 'weather', weather: current, forecast: await forecast } };
    } catch (error) {
      await forecast; // never rejects; awaited so no lookup outlives the request
      const { failure, message, retryAfterS } = error as WeatherError;
      log.warn({ reason: message }, 'weather lookup failed');
      if (failure === 'not_found') {
        return {
          status: 404,
          result: problem(`We couldn't find “${check.city}”. Check the spelling, or try a nearby larger city.`),
        };
      }
      return {
        status: 503,
        result: problem('The weather service is unavailable right now. Please try again in a few minutes.'),
        retryAfterS,
      };
    }
  }
};

/** The page's status and result; retryAfterS when Skydeck is holding calls to the provider back. */
interface SearchOutcome {
  status: number;
  result: SearchResult;
  retryAfterS?: number;
}

const NOTHING: SearchResult = { kind: 'none' };

function problem(message: string): SearchResult {
  return { kind: 'problem', message };
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
