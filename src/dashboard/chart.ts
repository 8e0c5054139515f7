/**
 * A city's month as a chart: daily low, average and high, on an x axis that
 * spans the whole month so missing days show as gaps. Pure: days in, markup out.
 *
 * Readable at every width: only the lines are a scaled drawing (an SVG whose
 * viewBox stretches to its box, strokes kept at their CSS width). The labels
 * sit in SVGs without a viewBox, placed in percent, so their text keeps its
 * CSS size however narrow the screen; the stylesheet sets the heights, with a
 * media query for phones. No inline style, so the CSP stays strict.
 *
 * Accessible: the drawing is one image named by the caption and a sentence
 * that says what the lines show, and a table gives every day's figures.
 *
 * Whatever is stored (1e17, NaN, ±Infinity), the axis has at most
 * MAX_BANDS + 1 ticks and the markup a bounded size: values are clamped to
 * ±DISPLAY_LIMIT for drawing, days that are not numbers are left out, and at
 * most one entry per day of the month is drawn.
 */
import type { DayStats } from '../snapshots/day-stats.ts';
import { TEMPERATURE_SYMBOL, temperatureIn, type Units } from '../weather/units.ts';
import { round1 } from '../weather/view.ts';
import { type Html, html } from '../web/html.ts';

export interface ChartOptions {
  /** Unique on the page: the caption's and description's ids derive from it. */
  id: string;
  /** Usually the city's name. */
  title: string;
  /** YYYY-MM: the x axis spans its days. */
  month: string;
  /** The reader's units: the axis, the description and the table follow them. */
  units: Units;
}

/** The plot's coordinate system (stretched to its box by CSS); the padding keeps edge labels and dots inside. */
export const VIEW = 1000;
export const PAD = { x: 20, y: 40 } as const;
/** The most bands between gridlines: at most MAX_BANDS + 1 labels on the y axis. */
export const MAX_BANDS = 5;
/** Drawn values are clamped to ± this (in the reader's units): far beyond weather, and it bounds the axis. */
export const DISPLAY_LIMIT = 1000;
/** Gridline steps to choose from; the largest spans ±DISPLAY_LIMIT in MAX_BANDS bands. */
const STEPS = [1, 2, 5, 10, 20, 50, 100, 200, 500] as const;

const SERIES = [
  { key: 'max_c', label: 'High', className: 'max' },
  { key: 'avg_c', label: 'Average', className: 'avg' },
  { key: 'min_c', label: 'Low', className: 'min' },
] as const;

const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

export function temperatureChart(days: readonly DayStats[], options: ChartOptions): Html {
  const inMonth = drawableDays(days, options.month);
  const ids = { title: `${options.id}-title`, desc: `${options.id}-desc` };
  const empty = inMonth.length === 0;
  return html`<figure class="chart${empty ? ' empty' : ''}" id="${options.id}">
<figcaption id="${ids.title}">${options.title}, ${monthLabel(options.month)}</figcaption>
${!empty && graphic(inMonth, options, ids)}
<p class="chart-desc" id="${ids.desc}">${describe(inMonth, options)}</p>
${!empty && table(inMonth, options.units)}
</figure>`;
}

/** "2026-11" → "November 2026". Fixed English names: the server's locale must not change the page. */
export function monthLabel(month: string): string {
  const index = Number(month.slice(5, 7)) - 1;
  return `${MONTH_NAMES[index] ?? month.slice(5, 7)} ${month.slice(0, 4)}`;
}

export function daysInMonth(month: string): number {
  // Day 0 of the next month is the last day of this one (months are 0-based in Date.UTC).
  return new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0)).getUTCDate();
}

/** A value in [-DISPLAY_LIMIT, DISPLAY_LIMIT]; NaN (no value at all) counts as 0. */
export function clampForDisplay(value: number): number {
  if (Number.isNaN(value)) return 0;
  return Math.min(DISPLAY_LIMIT, Math.max(-DISPLAY_LIMIT, value));
}

/**
 * A y range on round numbers that holds [min, max] (clamped for display, to a tenth), and
 * the step between its gridlines: the smallest step giving at most MAX_BANDS
 * bands. Any numbers in, a range of at most MAX_BANDS bands out.
 */
export function niceRange(min: number, max: number): { lo: number; hi: number; step: number } {
  // To a tenth, as the values are shown (and a denormal like 5e-324 is not a reason for another band).
  const [a, b] = [round1(clampForDisplay(min)), round1(clampForDisplay(max))];
  // Stryker disable next-line EqualityOperator: when a === b, either order gives the same pair
  const [low, high] = a <= b ? [a, b] : [b, a];
  // A flat line still needs a band to sit in.
  const [from, to] = low === high ? [low - 1, high + 1] : [low, high];
  const rangeWith = (step: number) => ({
    // + 0: Math.ceil(-0.6) is -0, which would be labelled "-0 °C".
    // Stryker disable next-line ArithmeticOperator: round1 never returns -0, so from is never -0 and Math.floor of a nonzero from / step is never -0 either
    lo: Math.floor(from / step) * step + 0,
    hi: Math.ceil(to / step) * step + 0,
    step,
  });
  // The largest step always fits, since the values are clamped to ±DISPLAY_LIMIT.
  let range = rangeWith(STEPS[0]);
  for (const step of STEPS) {
    range = rangeWith(step);
    if ((range.hi - range.lo) / step <= MAX_BANDS) break;
  }
  return range;
}

/** The gridline values of a range, bottom to top: at most MAX_BANDS + 1, whatever the range says. */
export function ticks(range: { lo: number; hi: number; step: number }): number[] {
  const values: number[] = [];
  for (let i = 0; i <= MAX_BANDS; i++) {
    const value = range.lo + i * range.step;
    if (value > range.hi) break;
    values.push(value);
  }
  return values;
}

/**
 * The days that can be drawn: in the month, with a real day number and finite
 * figures, one per date, in order. At most daysInMonth(month) of them.
 */
function drawableDays(days: readonly DayStats[], month: string): DayStats[] {
  const count = daysInMonth(month);
  const byDay = new Map<number, DayStats>();
  for (const day of days) {
    const n = dayOfMonth(day.date);
    const usable = day.date.startsWith(`${month}-`) && n >= 1 && n <= count && !byDay.has(n);
    if (usable && [day.min_c, day.max_c, day.avg_c].every(Number.isFinite)) byDay.set(n, day);
  }
  return [...byDay.entries()].sort(([a], [b]) => a - b).map(([, day]) => day);
}

interface Scale {
  days: number;
  ticks: number[];
  /** Plot coordinates (0–VIEW), rounded to a tenth. */
  x(dayOfMonth: number): number;
  y(value: number): number;
}

function scaleFor(days: readonly DayStats[], month: string, units: Units): Scale {
  // All three series: stored figures need not agree (an average outside its day's low and high is still drawn inside).
  const values = days.flatMap((day) => [day.min_c, day.avg_c, day.max_c].map((c) => temperatureIn(c, units)));
  const range = niceRange(Math.min(...values), Math.max(...values));
  const count = daysInMonth(month);
  const width = VIEW - 2 * PAD.x;
  const height = VIEW - 2 * PAD.y;
  return {
    days: count,
    ticks: ticks(range),
    x: (day) => round1(PAD.x + ((day - 1) / (count - 1)) * width),
    y: (value) => round1(VIEW - PAD.y - ((clampForDisplay(value) - range.lo) / (range.hi - range.lo)) * height),
  };
}

/** The drawing: y labels | plot, then the x labels under the plot. */
function graphic(days: readonly DayStats[], { month, units }: ChartOptions, ids: { title: string; desc: string }) {
  const scale = scaleFor(days, month, units);
  return html`<div class="chart-graphic" role="img" aria-labelledby="${ids.title} ${ids.desc}">
${yLabels(scale, units)}
<svg class="chart-plot" viewBox="0 0 ${VIEW} ${VIEW}" preserveAspectRatio="none" xmlns="http://www.w3.org/2000/svg">
${scale.ticks.map((value) => html`<line class="grid" x1="0" x2="${VIEW}" y1="${scale.y(value)}" y2="${scale.y(value)}"/>`)}
${SERIES.map((series) => seriesMarks(days, series, scale, units))}
</svg>
${xLabels(scale)}
</div>
<ul class="chart-legend">${SERIES.map(({ className, label }) => html`<li class="key-${className}">${label}</li>`)}</ul>`;
}

/** Labels at the gridlines' heights: percent of the same box height as the plot, so they line up at any size. */
function yLabels(scale: Scale, units: Units): Html {
  return html`<svg class="chart-y" xmlns="http://www.w3.org/2000/svg">${scale.ticks.map(
    (value) =>
      html`<text x="100%" dx="-6" y="${percent(scale.y(value))}" dy="0.35em" text-anchor="end">${value} ${TEMPERATURE_SYMBOL[units]}</text>`,
  )}</svg>`;
}

/** Day 1 and every 7th day after it, and the axis title. */
function xLabels(scale: Scale): Html {
  const days: number[] = [];
  for (let day = 1; day <= scale.days; day += 7) days.push(day);
  return html`<svg class="chart-x" xmlns="http://www.w3.org/2000/svg">${days.map(
    (day) => html`<text x="${percent(scale.x(day))}" y="1em" text-anchor="middle">${day}</text>`,
  )}<text class="axis-title" x="50%" y="2.3em" text-anchor="middle">Day of month (UTC)</text></svg>`;
}

/**
 * One series: a line through consecutive days (broken where a day is missing),
 * and a dot per day — zero-length segments with round caps, so they stay round
 * when the plot stretches.
 */
function seriesMarks(days: readonly DayStats[], series: (typeof SERIES)[number], scale: Scale, units: Units): Html {
  const points = days.map((day) => {
    const n = dayOfMonth(day.date);
    return { day: n, x: scale.x(n), y: scale.y(temperatureIn(day[series.key], units)) };
  });
  const line = points
    // points[-1] is undefined: the first point starts the line.
    .map((point, i) => `${points[i - 1]?.day === point.day - 1 ? 'L' : 'M'}${point.x} ${point.y}`)
    .join(' ');
  const dots = points.map((point) => `M${point.x} ${point.y}h0`).join(' ');
  return html`<path class="line-${series.className}" d="${line}"/><path class="dots-${series.className}" d="${dots}"/>`;
}

/** Every day's figures, for screen readers and anyone who wants the numbers. */
function table(days: readonly DayStats[], units: Units): Html {
  const symbol = TEMPERATURE_SYMBOL[units];
  const cell = (celsius: number) => html`<td>${round1(temperatureIn(celsius, units))}</td>`;
  return html`<details class="chart-table"><summary>Day by day</summary>
<table><thead><tr><th scope="col">Date (UTC)</th><th scope="col">Low ${symbol}</th><th scope="col">Average ${symbol}</th><th scope="col">High ${symbol}</th><th scope="col">Readings</th></tr></thead>
<tbody>${days.map((day) => html`<tr><th scope="row">${day.date}</th>${cell(day.min_c)}${cell(day.avg_c)}${cell(day.max_c)}<td>${day.samples}</td></tr>`)}</tbody></table>
</details>`;
}

/** The chart in words, for screen readers and anyone who cannot see it. */
function describe(days: readonly DayStats[], { month, units }: ChartOptions): string {
  const when = monthLabel(month);
  if (days.length === 0) return `No temperatures recorded in ${when} yet.`;
  const temp = (celsius: number) => `${round1(temperatureIn(celsius, units))} ${TEMPERATURE_SYMBOL[units]}`;
  const coldest = days.reduce((a, b) => (b.min_c < a.min_c ? b : a));
  const warmest = days.reduce((a, b) => (b.max_c > a.max_c ? b : a));
  const count = days.length === 1 ? '1 day' : `${days.length} days`;
  const readings = days.reduce((sum, day) => sum + day.samples, 0);
  return `Daily low, average and high temperatures on ${count} of ${when} (${plural(readings, 'reading')}): lowest ${temp(coldest.min_c)} on ${coldest.date}, highest ${temp(warmest.max_c)} on ${warmest.date}.`;
}

function plural(count: number, noun: string): string {
  return count === 1 ? `1 ${noun}` : `${count} ${noun}s`;
}

/** A plot coordinate as a percentage of its box, for the label SVGs. */
function percent(coordinate: number): string {
  return `${round1((coordinate / VIEW) * 100)}%`;
}

function dayOfMonth(date: string): number {
  return Number(date.slice(8, 10));
}
