/**
 * Demo mode's OpenWeatherMap: a fetch function that answers like the real API
 * from the canned data, so demo mode runs the same client code as production.
 */
import type { Fetch } from '../http/upstream.ts';
import {
  type CannedCity,
  currentWeatherBody,
  findCannedCity,
  forecastBody,
  NOT_FOUND_BODY,
} from './openweathermap-data.ts';

export const DEMO_WEATHER_API_KEY = 'demo';

/** Stations report every ten minutes or so: the demo's readings are "taken" at the last ten-minute mark. */
const OBSERVATION_INTERVAL_S = 600;

/** The endpoints the demo answers, each a body for a known city at the current time (Unix seconds). */
const ENDPOINTS: Record<string, (city: CannedCity, now: number) => object> = {
  // The numbers never change; the observation time keeps up with the clock, so a demo never looks stale.
  '/data/2.5/weather': (city, now) => currentWeatherBody(city, now - (now % OBSERVATION_INTERVAL_S)),
  // Each forecast slot's numbers depend only on its time: asking again later moves the window, not the values.
  '/data/2.5/forecast': (city, now) => forecastBody(city, now),
};

export const demoWeatherFetch: Fetch = async (input) => {
  const url = new URL(input instanceof Request ? input.url : String(input));
  const body = Object.hasOwn(ENDPOINTS, url.pathname) ? ENDPOINTS[url.pathname] : undefined;
  if (!body) return Response.json({ cod: '404', message: 'Internal error' }, { status: 404 });
  const city = findCannedCity(url.searchParams.get('q') ?? '');
  if (!city) return Response.json(NOT_FOUND_BODY, { status: 404 });
  return Response.json(body(city, Math.floor(Date.now() / 1000)));
};
