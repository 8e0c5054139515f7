/**
 * OpenWeatherMap as the tests see it. Happy path by default, answered from the
 * same canned data as demo mode; each failure mode is one call away, for
 * current weather (`openWeatherMap`) and the forecast (`openWeatherMapForecast`).
 */
import { delay, HttpResponse, http, type JsonBodyType } from 'msw';
import {
  type CannedCity,
  currentWeatherBody,
  findCannedCity,
  forecastBody,
  NOT_FOUND_BODY,
} from '../../src/demo/openweathermap-data.ts';

export const OWM_URL = 'https://api.openweathermap.org/data/2.5/weather';
export const OWM_FORECAST_URL = 'https://api.openweathermap.org/data/2.5/forecast';

/** Known canned city → 200 with its body; anything else → 404, as the real API does. */
function cannedAt(url: string, body: (city: CannedCity) => JsonBodyType) {
  return http.get(url, ({ request }) => {
    const city = findCannedCity(new URL(request.url).searchParams.get('q') ?? '');
    return city ? HttpResponse.json(body(city)) : HttpResponse.json(NOT_FOUND_BODY, { status: 404 });
  });
}

export const openWeatherMapHandlers = [
  cannedAt(OWM_URL, (city) => currentWeatherBody(city)),
  cannedAt(OWM_FORECAST_URL, (city) => forecastBody(city)),
];

/** One-off answers for the failure tables at one endpoint: use with `upstream.use(...)`. */
function failuresAt(url: string) {
  return {
    status: (
      status: number,
      body: JsonBodyType = { cod: status, message: 'error' },
      options: { headers?: Record<string, string>; once?: boolean } = {},
    ) => http.get(url, () => HttpResponse.json(body, { status, headers: options.headers }), { once: options.once }),
    body: (body: JsonBodyType) => http.get(url, () => HttpResponse.json(body)),
    text: (text: string) => http.get(url, () => HttpResponse.text(text)),
    networkError: () => http.get(url, () => HttpResponse.error()),
    hang: () =>
      http.get(url, async () => {
        await delay('infinite');
        return HttpResponse.json({});
      }),
  };
}

export const openWeatherMap = {
  ...failuresAt(OWM_URL),
  bodyAt: (url: string, body: JsonBodyType) => http.get(url, () => HttpResponse.json(body)),
};

export const openWeatherMapForecast = failuresAt(OWM_FORECAST_URL);

/** What the app asked OpenWeatherMap, in order: "weather Dublin", "forecast Dublin" (the endpoint and the city). */
export function lookups(sent: readonly Request[]): string[] {
  return sent.map((request) => {
    const url = new URL(request.url);
    return `${url.pathname.split('/').at(-1)} ${url.searchParams.get('q')}`;
  });
}
