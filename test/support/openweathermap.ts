/**
 * OpenWeatherMap as the tests see it. Happy path by default, answered from the
 * same canned data as demo mode; each failure mode is one call away.
 */
import { delay, HttpResponse, http, type JsonBodyType } from 'msw';
import { currentWeatherBody, findCannedCity, NOT_FOUND_BODY } from '../../src/demo/openweathermap-data.js';

export const OWM_URL = 'https://api.openweathermap.org/data/2.5/weather';

/** Known canned city → 200 with its body; anything else → 404, as the real API does. */
export const openWeatherMapHandlers = [
  http.get(OWM_URL, ({ request }) => {
    const city = findCannedCity(new URL(request.url).searchParams.get('q') ?? '');
    return city ? HttpResponse.json(currentWeatherBody(city)) : HttpResponse.json(NOT_FOUND_BODY, { status: 404 });
  }),
];

/** One-off answers for the failure table: use with `upstream.use(...)`. */
export const openWeatherMap = {
  status: (
    status: number,
    body: JsonBodyType = { cod: status, message: 'error' },
    options: { headers?: Record<string, string>; once?: boolean } = {},
  ) => http.get(OWM_URL, () => HttpResponse.json(body, { status, headers: options.headers }), { once: options.once }),
  body: (body: JsonBodyType) => http.get(OWM_URL, () => HttpResponse.json(body)),
  bodyAt: (url: string, body: JsonBodyType) => http.get(url, () => HttpResponse.json(body)),
  text: (text: string) => http.get(OWM_URL, () => HttpResponse.text(text)),
  networkError: () => http.get(OWM_URL, () => HttpResponse.error()),
  hang: () =>
    http.get(OWM_URL, async () => {
      await delay('infinite');
      return HttpResponse.json({});
    }),
};
