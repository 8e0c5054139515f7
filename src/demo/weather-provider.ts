/**
 * Demo mode's OpenWeatherMap: a fetch function that answers like the real API
 * from the canned data, so demo mode runs the same client code as production.
 */
import type { Fetch } from '../http/upstream.js';
import { currentWeatherBody, findCannedCity, NOT_FOUND_BODY } from './openweathermap-data.js';

export const DEMO_WEATHER_API_KEY = 'demo';

/** Stations report every ten minutes or so: the demo's readings are "taken" at the last ten-minute mark. */
const OBSERVATION_INTERVAL_S = 600;

export const demoWeatherFetch: Fetch = async (input) => {
  const url = new URL(input instanceof Request ? input.url : String(input));
  if (url.pathname !== '/data/2.5/weather')
    return Response.json({ cod: '404', message: 'Internal error' }, { status: 404 });
  const city = findCannedCity(url.searchParams.get('q') ?? '');
  if (!city) return Response.json(NOT_FOUND_BODY, { status: 404 });
  // The numbers never change; the observation time keeps up with the clock, so a demo never looks stale.
  const now = Math.floor(Date.now() / 1000);
  return Response.json(currentWeatherBody(city, now - (now % OBSERVATION_INTERVAL_S)));
};
