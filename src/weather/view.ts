/**
 * How a city's current weather reads on a page, shared by the home page and
 * the dashboard. Numbers are rounded as people read them; missing fields
 * (upstream left them out) are simply not shown.
 */
import { type Html, html } from '../web/html.js';
import type { Weather } from './openweathermap.js';

/** 11.46 → "11.5 °C"; -0.04 → "0 °C" (never "-0"). */
export function formatTemp(celsius: number): string {
  return `${round1(celsius)} °C`;
}

/** "2026-11-27T12:00:00.000Z" → "2026-11-27 12:00 UTC": times are stored and shown in UTC. */
export function formatObservedAt(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

/** The facts under a city's name: temperature, conditions and whatever else upstream gave. */
export function weatherFacts(weather: Weather): Html {
  return html`<p class="temp">${formatTemp(weather.temp_c)}</p>
<p class="description">${weather.description}</p>
<dl class="facts">
  ${weather.feels_like_c !== null && html`<dt>Feels like</dt><dd>${formatTemp(weather.feels_like_c)}</dd>`}
  ${weather.humidity !== null && html`<dt>Humidity</dt><dd>${weather.humidity}%</dd>`}
  ${weather.wind_ms !== null && html`<dt>Wind</dt><dd>${round1(weather.wind_ms)} m/s</dd>`}
  ${weather.observed_at !== null && html`<dt>Observed</dt><dd>${formatObservedAt(weather.observed_at)}</dd>`}
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
