/**
 * The home page: a city search that works without JavaScript (a GET form),
 * and below it the weather, or a friendly word on why there is none.
 */
import type { User } from '../auth/users.ts';
import { unitsToggle } from '../preferences/toggle.ts';
import type { Forecast } from '../weather/forecast.ts';
import { forecastRow } from '../weather/forecast-view.ts';
import type { Weather } from '../weather/openweathermap.ts';
import type { Units } from '../weather/units.ts';
import { cityDate, placeName, weatherFacts } from '../weather/view.ts';
import { type Html, html } from '../web/html.ts';
import { page } from '../web/layout.ts';

/** What the search found: nothing asked yet, the weather, or a message for the person asking. */
export type SearchResult =
  | { kind: 'none' }
  | { kind: 'weather'; weather: Weather; forecast: Forecast | null }
  | { kind: 'problem'; message: string };

export interface HomePageOptions {
  user: User | null;
  /** What was typed, echoed back into the search box. */
  query: string;
  result: SearchResult;
  /** In demo mode, the cities the built-in provider knows; empty otherwise. */
  demoCities: readonly string[];
  /** What the reader chose: °C and m/s, or °F and mph. */
  units: Units;
  /** This page's path and query: where the units toggle comes back to. */
  path: string;
}

export function homePage({ user, query, result, demoCities, units, path }: HomePageOptions): Html {
  return page({
    title: result.kind === 'weather' ? `Weather in ${result.weather.city}` : 'Weather search',
    user,
    body: html`<h1>Weather, city by city</h1>
${searchForm(query)}
${demoCities.length > 0 && demoHint(demoCities)}
${unitsToggle(units, path)}
${resultSection(result, units)}
${user === null && html`<p class="muted"><a href="/login">Sign in</a> to save cities and follow their weather over the month.</p>`}`,
  });
}

function searchForm(query: string): Html {
  return html`<form method="get" action="/" role="search" class="card search">
  <label for="city">City</label>
  <input type="search" id="city" name="city" value="${query}" maxlength="100" required placeholder="e.g. Dublin">
  <button type="submit">Show weather</button>
</form>`;
}

function demoHint(cities: readonly string[]): Html {
  const links = cities.map((city, i) => html`${i > 0 && ', '}<a href="/?city=${encodeURIComponent(city)}">${city}</a>`);
  return html`<p class="muted demo-hint">Demo mode: the weather is sample data for ${cities.length} cities — ${links}.</p>`;
}

function resultSection(result: SearchResult, units: Units): Html | false {
  if (result.kind === 'none') return false;
  if (result.kind === 'problem') return html`<p class="notice" role="alert">${result.message}</p>`;
  const { weather, forecast } = result;
  return html`<section class="card weather" aria-labelledby="weather-heading">
  <h2 id="weather-heading">${placeName(weather)}</h2>
  ${weatherFacts(weather, units)}
  ${forecast && forecastRow(forecast, units, cityDate(weather))}
</section>`;
}
