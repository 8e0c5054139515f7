/**
 * The 5-day forecast as Skydeck keeps it: one entry per day in the city's own
 * time zone, built from OpenWeatherMap's 5 day / 3 hour forecast. Schemas are
 * the single source; the types come from them.
 */
import { type Static, Type } from 'typebox';

/** Days Skydeck shows: the provider's 5 days cover 5 or 6 local dates, the first often partial. */
export const FORECAST_DAYS = 5;

export const ForecastDay = Type.Object({
  /** The city's local calendar day, YYYY-MM-DD. */
  date: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }),
  /** Lowest and highest temperature that day, °C (converted at the edge). */
  min: Type.Number(),
  max: Type.Number(),
  description: Type.String(),
  /** OpenWeatherMap's icon code (e.g. "10d"); Skydeck serves its own SVG for it. */
  icon: Type.String(),
  /** The highest chance of precipitation that day, 0–1. */
  pop: Type.Number({ minimum: 0, maximum: 1 }),
});
export type ForecastDay = Static<typeof ForecastDay>;

export const Forecast = Type.Object({
  city: Type.String(),
  country: Type.Union([Type.String(), Type.Null()]),
  /** Seconds east of UTC (OpenWeatherMap's `city.timezone`). */
  utc_offset_s: Type.Integer(),
  // No maxItems here: what leaves Skydeck (GET /api/weather) and what it stores (the cache) each set FORECAST_DAYS.
  days: Type.Array(ForecastDay),
});
export type Forecast = Static<typeof Forecast>;
