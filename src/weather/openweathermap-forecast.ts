/**
 * OpenWeatherMap's 5 day / 3 hour forecast (GET /data/2.5/forecast): its wire
 * format, and how Skydeck turns 40 three-hourly entries into days in the
 * city's own time zone. https://openweathermap.org/forecast5
 */
import { type Static, Type } from 'typebox';
import { FORECAST_DAYS, type Forecast, type ForecastDay } from './forecast.ts';
import { Celsius, Probability } from './plausible.ts';

/** OpenWeatherMap sends 40 entries (5 days × 8); a little slack, and anything beyond is not a forecast. */
export const MAX_FORECAST_ENTRIES = 48;

/** 2100-01-01T00:00:00Z: a forecast time past it is not one, and keeps dates four-digit. */
const MAX_DT = 4_102_444_800;
const DAY_S = 86_400;
const NOON_S = DAY_S / 2;

// Only the fields Skydeck reads are checked, each bounded; OpenWeatherMap sends many more.
const ForecastEntryBody = Type.Object({
  dt: Type.Integer({ minimum: 0, maximum: MAX_DT }),
  main: Type.Object({ temp: Celsius }),
  weather: Type.Array(
    Type.Object({ description: Type.String({ maxLength: 200 }), icon: Type.String({ minLength: 1, maxLength: 8 }) }),
    { minItems: 1, maxItems: 10 },
  ),
  pop: Probability,
});

export const ForecastBody = Type.Object({
  list: Type.Array(ForecastEntryBody, { minItems: 1, maxItems: MAX_FORECAST_ENTRIES }),
  city: Type.Object({
    name: Type.String({ minLength: 1, maxLength: 200 }),
    country: Type.Optional(Type.String({ maxLength: 8 })),
    /** Seconds east of UTC; ±14 h covers every zone on Earth. */
    timezone: Type.Integer({ minimum: -50_400, maximum: 50_400 }),
  }),
});
export type ForecastBody = Static<typeof ForecastBody>;

/** One three-hourly forecast, as the aggregation needs it. */
export interface ForecastEntry {
  /** Unix seconds, UTC. */
  dt: number;
  temp: number;
  pop: number;
  description: string;
  icon: string;
}

/** A checked body as Skydeck's Forecast. */
export function toForecast(body: ForecastBody): Forecast {
  const entries = body.list.map((item): ForecastEntry => {
    // The schema's minItems: 1 makes the first condition, the primary one, always there.
    const condition = item.weather[0] as (typeof item.weather)[number];
    return {
      dt: item.dt,
      temp: item.main.temp,
      pop: item.pop,
      description: condition.description,
      icon: condition.icon,
    };
  });
  return {
    city: body.city.name,
    country: body.city.country || null, // the provider sends "" for places without one
    utc_offset_s: body.city.timezone,
    days: dailyForecast(entries, body.city.timezone),
  };
}

/**
 * The first FORECAST_DAYS local dates of the entries, in order, each with
 * its lowest and highest temperature, its highest chance of rain, and the
 * conditions of the entry nearest local noon. Noon rather than the most
 * frequent condition: the most frequent is often a night one (half of a
 * day's entries are dark, with "n" icons), and noon is what a day "looks
 * like"; a tie (entries at 10:30 and 13:30) goes to the earlier. Temperatures
 * are `main.temp`, the forecast for that moment: the provider's `temp_min`
 * and `temp_max` describe spread across a large city, not over the 3 hours.
 */
export function dailyForecast(entries: readonly ForecastEntry[], utcOffsetS: number): ForecastDay[] {
  const byDate = new Map<string, ForecastEntry[]>();
  for (const entry of [...entries].sort((a, b) => a.dt - b.dt)) {
    const date = localDate(entry.dt, utcOffsetS);
    const day = byDate.get(date);
    if (day) day.push(entry);
    else if (byDate.size < FORECAST_DAYS) byDate.set(date, [entry]);
    else break; // sorted: every later entry falls on a later date
  }
  return [...byDate].map(([date, day]) => summarise(date, day, utcOffsetS));
}

function summarise(date: string, day: readonly ForecastEntry[], utcOffsetS: number): ForecastDay {
  let noon = day[0] as ForecastEntry; // a day exists only with its first entry
  for (const entry of day) {
    if (fromNoon(entry.dt, utcOffsetS) < fromNoon(noon.dt, utcOffsetS)) noon = entry;
  }
  return {
    date,
    min: Math.min(...day.map((entry) => entry.temp)),
    max: Math.max(...day.map((entry) => entry.temp)),
    description: noon.description,
    icon: noon.icon,
    pop: Math.max(...day.map((entry) => entry.pop)),
  };
}

/** The city's calendar date at `dt`, YYYY-MM-DD. */
export function localDate(dt: number, utcOffsetS: number): string {
  return new Date((dt + utcOffsetS) * 1000).toISOString().slice(0, 10);
}

/** Seconds between `dt` and noon of its local day. */
function fromNoon(dt: number, utcOffsetS: number): number {
  const secondsIntoDay = (((dt + utcOffsetS) % DAY_S) + DAY_S) % DAY_S;
  return Math.abs(secondsIntoDay - NOON_S);
}
