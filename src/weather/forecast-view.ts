/**
 * The 5-day forecast as a compact row of days, for the home page's result and
 * each dashboard card: weekday, icon, high and low in the reader's units, and
 * the chance of rain. Pure: a Forecast in, markup out. Days are the city's own
 * calendar days (the forecast is built that way), so no time zone is applied here.
 */
import { type Html, html } from '../web/html.ts';
import { FORECAST_DAYS, type Forecast, type ForecastDay } from './forecast.ts';
import { TEMPERATURE_SYMBOL, temperatureIn, type Units } from './units.ts';
import { weatherIcon } from './view.ts';

// Noon UTC of the date: any fixed time of day names the same weekday. Fixed English, as elsewhere.
const WEEKDAY = new Intl.DateTimeFormat('en-GB', { weekday: 'short', timeZone: 'UTC' });
const LONG_DATE = new Intl.DateTimeFormat('en-GB', {
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
});

/**
 * The row, or nothing when the forecast has no days. `today` (the city's date
 * now, YYYY-MM-DD, when known) names that day "Today" instead of its weekday.
 */
export function forecastRow(forecast: Forecast, units: Units, today: string | null = null): Html | false {
  const days = forecast.days.slice(0, FORECAST_DAYS);
  if (days.length === 0) return false;
  return html`<ol class="forecast" aria-label="${days.length}-day forecast for ${forecast.city}">
${days.map((day) => forecastDay(day, units, day.date === today))}
</ol>`;
}

function forecastDay(day: ForecastDay, units: Units, isToday: boolean): Html {
  const { short, long } = dayNames(day.date);
  return html`<li class="forecast-day">
  <time datetime="${day.date}" title="${long} (local date)">${isToday ? 'Today' : short}</time>
  ${weatherIcon(day.icon, day.description, 40)}
  <span class="high"><span class="sr-only">High </span>${wholeDegrees(day.max, units)}</span>
  <span class="low"><span class="sr-only">Low </span>${wholeDegrees(day.min, units)}</span>
  <span class="pop" title="Chance of rain"><span class="sr-only">Chance of rain </span>${chanceOfRain(day.pop)}</span>
</li>`;
}

/** "2026-11-28" → Sat / Saturday, 28 November 2026; a date that does not parse is shown as it is. */
export function dayNames(date: string): { short: string; long: string } {
  const noon = Date.parse(`${date}T12:00:00Z`);
  if (Number.isNaN(noon)) return { short: date, long: date };
  return { short: WEEKDAY.format(noon), long: LONG_DATE.format(noon) };
}

/** A forecast is not precise to a tenth: "12°C", "-3°F" (never "-0°C": a template prints -0 as "0"). */
export function wholeDegrees(celsius: number, units: Units): string {
  return `${Math.round(temperatureIn(celsius, units))}${TEMPERATURE_SYMBOL[units]}`;
}

/** 0.37 → "37%"; clamped, in case a provider strays outside 0–1. */
export function chanceOfRain(pop: number): string {
  return `${Math.round(Math.min(Math.max(pop, 0), 1) * 100)}%`;
}
