/**
 * How a city's current weather reads on a page, shared by the home page and
 * the dashboard. Numbers are rounded as people read them, in the reader's
 * units; times are the city's own, with UTC beside them; missing fields
 * (upstream left them out) are simply not shown.
 */
import { type Html, html } from '../web/html.ts';
import { iconUrl } from '../web/weather-icons.ts';
import type { Weather } from './openweathermap.ts';
import { SPEED_SYMBOL, speedIn, TEMPERATURE_SYMBOL, temperatureIn, type Units } from './units.ts';

/** 11.46 → "11.5 °C" (or "52.6 °F"); -0.04 → "0 °C" (never "-0"). */
export function formatTemp(celsius: number, units: Units): string {
  return `${round1(temperatureIn(celsius, units))} ${TEMPERATURE_SYMBOL[units]}`;
}

/** 5.66 m/s → "5.7 m/s" (or "12.7 mph"). */
export function formatSpeed(metresPerSecond: number, units: Units): string {
  return `${round1(speedIn(metresPerSecond, units))} ${SPEED_SYMBOL[units]}`;
}

/** "2026-11-27T12:00:00.000Z" → "2026-11-27 12:00 UTC". */
export function formatUtc(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

// Fixed English and a fixed zone: the server's locale and time zone must not change the page.
const LOCAL_TIME = new Intl.DateTimeFormat('en-GB', {
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
  timeZone: 'UTC',
});

/**
 * A moment in the city's own time ("Fri 27 Nov, 13:00 local time"), with UTC
 * in the tooltip and the small print. Without an offset, UTC alone.
 */
export function cityTime(iso: string, utcOffsetS: number | null): Html {
  const instant = Date.parse(iso);
  if (Number.isNaN(instant)) return html`${iso}`;
  const utc = formatUtc(iso);
  if (utcOffsetS === null) return html`<time datetime="${iso}">${utc}</time>`;
  // Shifted by the offset, the instant's UTC fields are the city's wall clock.
  const local = LOCAL_TIME.format(instant + utcOffsetS * 1000);
  return html`<time datetime="${iso}" title="${utc}">${local} local time</time> <small class="muted">(${utc})</small>`;
}

/** The city's calendar date when the weather was observed (YYYY-MM-DD), or null when that is not known. */
export function cityDate({ observed_at, utc_offset_s }: Pick<Weather, 'observed_at' | 'utc_offset_s'>): string | null {
  // Stryker disable next-line ConditionalExpression: Date.parse(null) parses the string 'null', which is NaN as well
  const instant = observed_at === null ? Number.NaN : Date.parse(observed_at);
  if (utc_offset_s === null || Number.isNaN(instant)) return null;
  return new Date(instant + utc_offset_s * 1000).toISOString().slice(0, 10);
}

/** Skydeck's icon for an OpenWeatherMap icon code, described for people who cannot see it. */
export function weatherIcon(code: string | null, description: string, size: number): Html {
  return html`<img class="weather-icon" src="${iconUrl(code)}" alt="${description}" width="${size}" height="${size}">`;
}

/** The facts under a city's name: temperature, conditions and whatever else upstream gave. */
export function weatherFacts(weather: Weather, units: Units): Html {
  return html`<div class="now">
  ${weatherIcon(weather.icon, weather.description, 64)}
  <p class="temp">${formatTemp(weather.temp_c, units)}</p>
</div>
<p class="description">${weather.description}</p>
<dl class="facts">
  ${weather.feels_like_c !== null && html`<dt>Feels like</dt><dd>${formatTemp(weather.feels_like_c, units)}</dd>`}
  ${weather.humidity !== null && html`<dt>Humidity</dt><dd>${weather.humidity}%</dd>`}
  ${weather.wind_ms !== null && html`<dt>Wind</dt><dd>${formatSpeed(weather.wind_ms, units)}</dd>`}
  ${weather.observed_at !== null && html`<dt>Observed</dt><dd>${cityTime(weather.observed_at, weather.utc_offset_s)}</dd>`}
</dl>`;
}

/** "Dublin, IE", or just the name when upstream gave no country. */
export function placeName(weather: Weather): string {
  return weather.country ? `${weather.city}, ${weather.country}` : weather.city;
}

/** To one decimal, as people read temperatures and speeds; + 0 turns -0 into 0. */
export function round1(value: number): number {
  return Math.round(value * 10) / 10 + 0;
}
