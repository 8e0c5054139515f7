/**
 * The °C / °F switch on the home page and the dashboard: a form of two submit
 * buttons, so it works without JavaScript. The chosen one is marked pressed;
 * `returnTo` is the page to come back to (POST /units checks it is ours).
 */
import { SPEED_SYMBOL, TEMPERATURE_SYMBOL, UNITS, type Units } from '../weather/units.ts';
import { type Html, html } from '../web/html.ts';

export function unitsToggle(current: Units, returnTo: string): Html {
  return html`<form method="post" action="/units" class="units-toggle" aria-label="Units">
  <input type="hidden" name="return" value="${returnTo}">
  ${UNITS.map(
    (units) =>
      html`<button type="submit" name="units" value="${units}" aria-pressed="${String(units === current)}" title="Temperatures in ${TEMPERATURE_SYMBOL[units]}, wind in ${SPEED_SYMBOL[units]}">${TEMPERATURE_SYMBOL[units]}</button>`,
  )}
</form>`;
}
