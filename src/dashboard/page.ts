/** The signed-in user's page: who they are, their saved cities with weather and a month's chart, and the way out. */
import type { User } from '../auth/users.js';
import { MAX_CITIES_PER_USER } from '../cities/service.js';
import { unitsToggle } from '../preferences/toggle.js';
import { forecastRow } from '../weather/forecast-view.js';
import type { Units } from '../weather/units.js';
import { cityDate, weatherFacts } from '../weather/view.js';
import { type Html, html } from '../web/html.js';
import { page } from '../web/layout.js';
import { monthLabel, temperatureChart } from './chart.js';
import type { CityView } from './cities.js';
import type { Flash } from './flash.js';

export interface DashboardView {
  cities: CityView[];
  /** YYYY-MM: the month the charts show. */
  month: string;
  flash: Flash | null;
  /** The user's choice: every temperature and speed on the page is in it. */
  units: Units;
}

export function dashboardPage(user: User, view: DashboardView): Html {
  return page({
    title: 'Dashboard',
    user,
    body: html`<h1>Welcome, ${user.name || user.login}</h1>
<section class="card profile">
  ${user.avatar_url && html`<img src="${user.avatar_url}" alt="" width="64" height="64">`}
  <p>Signed in with GitHub as <strong>${user.login}</strong>${user.location && html` · ${user.location}`}</p>
  <form method="post" action="/logout"><button type="submit" class="secondary">Sign out</button></form>
</section>
${view.flash && flashMessage(view.flash)}
<section aria-labelledby="cities-heading">
  <h2 id="cities-heading">Your cities</h2>
  <p class="muted">${view.cities.length} of ${MAX_CITIES_PER_USER} saved · charts show ${monthLabel(view.month)} (UTC)</p>
  ${unitsToggle(view.units, '/dashboard')}
  ${addForm(view.flash?.kind === 'error' ? (view.flash.name ?? '') : '')}
  ${
    view.cities.length === 0
      ? html`<p class="muted empty">No saved cities yet. Add one above to see its weather and its month.</p>`
      : html`<ul class="city-list">${view.cities.map((city) => cityCard(city, view))}</ul>`
  }
</section>`,
  });
}

function flashMessage(flash: Flash): Html {
  return flash.kind === 'error'
    ? html`<p class="notice" role="alert">${flash.text}</p>`
    : html`<p class="success" role="status">${flash.text}</p>`;
}

function addForm(name: string): Html {
  return html`<form method="post" action="/dashboard/cities" class="card add-city">
  <label for="new-city">Add a city</label>
  <input type="text" id="new-city" name="name" value="${name}" maxlength="100" required placeholder="e.g. Oslo">
  <button type="submit">Add city</button>
</form>`;
}

function cityCard({ city, weather, forecast, days }: CityView, { month, units }: DashboardView): Html {
  const name = city.country ? `${city.name}, ${city.country}` : city.name;
  return html`<li class="card city" id="city-${city.id}">
  <div class="city-head">
    <h3>${name}</h3>
    <form method="post" action="/dashboard/cities/${city.id}/delete" class="inline">
      <button type="submit" class="secondary" aria-label="Remove ${city.name}">Remove</button>
    </form>
  </div>
  ${weather ? weatherFacts(weather, units) : html`<p class="muted unavailable">Current weather unavailable right now. Please try again later.</p>`}
  ${forecast && forecastRow(forecast, units, weather && cityDate(weather))}
  ${temperatureChart(days, { id: `chart-${city.id}`, title: city.name, month })}
</li>`;
}
