/** Forecasts as Skydeck keeps them (src/weather/forecast.ts), for view and route tests. */
import type { Forecast, ForecastDay } from '../../src/weather/forecast.ts';

/** Five days in Dublin from Saturday 28 November 2026: a wet week, as Dublin goes. */
export const DUBLIN_FORECAST: Forecast = {
  city: 'Dublin',
  country: 'IE',
  utc_offset_s: 0,
  days: [
    { date: '2026-11-28', min: 6.4, max: 11.6, description: 'light rain', icon: '10d', pop: 0.62 },
    { date: '2026-11-29', min: 4.5, max: 9.4, description: 'broken clouds', icon: '04d', pop: 0.1 },
    { date: '2026-11-30', min: -0.4, max: 7.5, description: 'clear sky', icon: '01d', pop: 0 },
    { date: '2026-12-01', min: 2, max: 8, description: 'shower rain', icon: '09d', pop: 1 },
    { date: '2026-12-02', min: 3.2, max: 10.1, description: 'overcast clouds', icon: '04n', pop: 0.355 },
  ],
};

export function forecastWith(days: ForecastDay[], city = 'Dublin'): Forecast {
  return { ...DUBLIN_FORECAST, city, days };
}
