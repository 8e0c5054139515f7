/** The signed-in user's page: who they are, their saved cities with weather and a month's chart (sign out is in the header). */
import type { User } from '../auth/users.ts';
import { MAX_CITIES_PER_USER } from '../cities/service.ts';
import { unitsToggle } from '../preferences/toggle.ts';
import { forecastRow } from '../weather/forecast-view.ts';
import type { Units } from '../weather/units.ts';
import { cityDate, formatUtc, weatherFacts } from '../weather/view.ts';
import { type Html, html } from '../web/html.ts';
import { page } from '../web/layout.ts';
import { monthLabel, temperatureChart } from './chart.ts';
import type { CityView } from './cities.ts';
import type { Flash } from './flash.ts';
import type { DashboardMonth } from './month.ts';

export interface DashboardView {
  cities: CityView[];
  /** The month the charts show, its neighbours and why it is not the one asked for. */
  months: DashboardMonth;
  /** The user's choice: every temperature and speed on the page, the charts' included, is in it. */
  units: Units;
  flash: Flash | null;
  /** When the snapshot job next records every saved city (null: the schedule has no next run). */
  nextSnapshot: Date | null;
  now: Date;
}

export function dashboardPage(user: User, view: DashboardView): Html {
  return page({
    title: 'Dashboard',
    user,
    body: html`<h1>Welcome, ${user.name || user.login}</h1>
<section class="card profile">
  ${user.avatar_url && html`<img src="${user.avatar_url}" alt="" width="64" height="64">`}
  <p>Signed in with GitHub as <strong>${user.login}</strong>${user.location && html` · ${user.location}`}</p>
</section>
${view.flash && flashMessage(view.flash)}
${view.months.note && html`<p class="notice" role="status">${view.months.note}</p>`}
<section aria-labelledby="cities-heading">
  <h2 id="cities-heading">Your cities</h2>
  <p class="muted">${view.cities.length} of ${MAX_CITIES_PER_USER} saved · charts show ${monthLabel(view.months.month)} (UTC)</p>
  ${monthLinks(view.months)}
  ${unitsToggle(view.units, dashboardPath(view.months))}
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

/** This page's address: the units toggle comes back to the month being looked at. */
function dashboardPath({ month, next }: DashboardMonth): string {
  return next === null ? '/dashboard' : `/dashboard?month=${month}`;
}

/** Previous and next month, around the month shown (no next after the current month). */
function monthLinks({ month, previous, next }: DashboardMonth): Html {
  const link = (to: string, rel: string, text: string) =>
    html`<a href="/dashboard?month=${to}" rel="${rel}">${text}</a>`;
  return html`<nav class="months" aria-label="Month">
    ${previous && link(previous, 'prev', `← ${monthLabel(previous)}`)}
    <span aria-current="page">${monthLabel(month)}</span>
    ${next && link(next, 'next', `${monthLabel(next)} →`)}
  </nav>`;
}

function cityCard({ city, weather, forecast, days }: CityView, view: DashboardView): Html {
  const name = city.country ? `${city.name}, ${city.country}` : city.name;
  return html`<li class="card city" id="city-${city.id}">
  <div class="city-head">
    <h3>${name}</h3>
    <form method="post" action="/dashboard/cities/${city.id}/delete" class="inline">
      <button type="submit" class="secondary" aria-label="Remove ${city.name}">Remove</button>
    </form>
  </div>
  ${weather ? weatherFacts(weather, view.units) : html`<p class="muted unavailable">Current weather unavailable right now. Please try again later.</p>`}
  ${forecast && forecastRow(forecast, view.units, weather && cityDate(weather))}
  ${temperatureChart(days, { id: `chart-${city.id}`, title: city.name, month: view.months.month, units: view.units })}
  ${view.nextSnapshot && nextSnapshotNote(view.nextSnapshot, view.now)}
</li>`;
}

/** "Next snapshot 2026-11-27 13:00 UTC (in 40 min)": when this city's next reading is due. */
function nextSnapshotNote(next: Date, now: Date): Html {
  const iso = next.toISOString();
  return html`<p class="muted next-snapshot">Next snapshot <time datetime="${iso}">${formatUtc(iso)}</time> (${untilText(next.getTime() - now.getTime())})</p>`;
}

/** A wait in words, to the minute: "in 1 min", "in 40 min", "in 2 h 5 min", "in 3 days". */
export function untilText(ms: number): string {
  const minutes = Math.max(1, Math.ceil(ms / 60_000));
  if (minutes < 60) return `in ${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours >= 48) return `in ${Math.floor(hours / 24)} days`;
  return minutes % 60 === 0 ? `in ${hours} h` : `in ${hours} h ${minutes % 60} min`;
}
