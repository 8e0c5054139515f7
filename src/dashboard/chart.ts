/**
 * A city's month as an SVG line chart: daily low, average and high, on an x
 * axis that spans the whole month so missing days show as gaps. Pure: days in,
 * markup out. Accessible as one image: a <title> and a <desc> that says in
 * words what the lines show, referenced by aria-labelledby.
 */
import type { DayStats } from '../snapshots/day-stats.js';
import { round1 } from '../weather/view.js';
import { type Html, html } from '../web/html.js';

export interface ChartOptions {
  /** Unique on the page: the title's and description's ids derive from it. */
  id: string;
  /** Usually the city's name. */
  title: string;
  /** YYYY-MM: the x axis spans its days. */
  month: string;
}

// The drawing's coordinate system; CSS scales the whole SVG to its container.
export const WIDTH = 640;
export const HEIGHT = 240;
const EMPTY_HEIGHT = 48;
export const PLOT = { left: 48, right: WIDTH - 12, top: 24, bottom: HEIGHT - 32 } as const;

// legendX: where each legend entry starts, leaving room for its label ("Average" is the long one).
const SERIES = [
  { key: 'max_c', label: 'High', className: 'max', legendX: PLOT.right - 220 },
  { key: 'avg_c', label: 'Average', className: 'avg', legendX: PLOT.right - 150 },
  { key: 'min_c', label: 'Low', className: 'min', legendX: PLOT.right - 60 },
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
  const inMonth = days.filter((day) => day.date.startsWith(`${options.month}-`)).sort(byDate);
  const heading = `${options.title}, ${monthLabel(options.month)}`;
  const ids = { title: `${options.id}-title`, desc: `${options.id}-desc` };
  const empty = inMonth.length === 0;
  // Nothing to draw: a strip for the message instead of a tall empty frame.
  const height = empty ? EMPTY_HEIGHT : HEIGHT;
  const open = html`<svg class="chart${empty ? ' empty' : ''}" role="img" aria-labelledby="${ids.title} ${ids.desc}" viewBox="0 0 ${WIDTH} ${height}" xmlns="http://www.w3.org/2000/svg">
<title id="${ids.title}">${heading}</title>
<desc id="${ids.desc}">${describe(inMonth, options.month)}</desc>`;
  if (empty) {
    return html`${open}
<text class="empty-note" x="${WIDTH / 2}" y="${EMPTY_HEIGHT / 2 + 5}" text-anchor="middle">No temperatures recorded this month yet.</text>
</svg>`;
  }
  const scale = scaleFor(inMonth, options.month);
  return html`${open}
${yAxis(scale)}
${xAxis(scale)}
${SERIES.map((series) => seriesMarks(inMonth, series, scale))}
${legend()}
</svg>`;
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

/**
 * A y range on round numbers that holds [min, max], and the step between its
 * gridlines: the smallest of 1, 2, 5, 10, 20, 50 °C giving at most 5 bands.
 */
export function niceRange(min: number, max: number): { lo: number; hi: number; step: number } {
  // A flat line still needs a band to sit in.
  const [low, high] = min === max ? [min - 1, max + 1] : [min, max];
  for (const step of [1, 2, 5, 10, 20, 50]) {
    const lo = Math.floor(low / step) * step;
    const hi = Math.ceil(high / step) * step;
    // + 0: Math.ceil(-0.6) is -0, which would be labelled "-0 °C".
    if ((hi - lo) / step <= 5) return { lo, hi: hi + 0, step };
  }
  const step = 100;
  return { lo: Math.floor(low / step) * step, hi: Math.ceil(high / step) * step, step };
}

interface Scale {
  days: number;
  lo: number;
  hi: number;
  step: number;
  x(dayOfMonth: number): number;
  y(celsius: number): number;
}

function scaleFor(days: readonly DayStats[], month: string): Scale {
  const { lo, hi, step } = niceRange(Math.min(...days.map((d) => d.min_c)), Math.max(...days.map((d) => d.max_c)));
  const count = daysInMonth(month);
  const width = PLOT.right - PLOT.left;
  const height = PLOT.bottom - PLOT.top;
  return {
    days: count,
    lo,
    hi,
    step,
    x: (day) => round1(PLOT.left + ((day - 1) / (count - 1)) * width),
    y: (celsius) => round1(PLOT.bottom - ((celsius - lo) / (hi - lo)) * height),
  };
}

function yAxis(scale: Scale): Html {
  const ticks: number[] = [];
  for (let value = scale.lo; value <= scale.hi; value += scale.step) ticks.push(value);
  return html`<g class="y-axis">${ticks.map(
    (value) => html`
<line class="grid" x1="${PLOT.left}" x2="${PLOT.right}" y1="${scale.y(value)}" y2="${scale.y(value)}"/>
<text x="${PLOT.left - 6}" y="${scale.y(value) + 3}" text-anchor="end">${value} °C</text>`,
  )}</g>`;
}

/** Day 1 and every 7th day after it, and the axis title. */
function xAxis(scale: Scale): Html {
  const ticks: number[] = [];
  for (let day = 1; day <= scale.days; day += 7) ticks.push(day);
  return html`<g class="x-axis">
<line class="axis" x1="${PLOT.left}" x2="${PLOT.right}" y1="${PLOT.bottom}" y2="${PLOT.bottom}"/>${ticks.map(
    (day) => html`
<text x="${scale.x(day)}" y="${PLOT.bottom + 14}" text-anchor="middle">${day}</text>`,
  )}
<text class="axis-title" x="${(PLOT.left + PLOT.right) / 2}" y="${HEIGHT - 4}" text-anchor="middle">Day of month (UTC)</text>
</g>`;
}

/** One series: a line through consecutive days (broken where a day is missing), and a dot per day. */
function seriesMarks(days: readonly DayStats[], series: (typeof SERIES)[number], scale: Scale): Html {
  const points = days.map((day) => {
    const n = dayOfMonth(day.date);
    return { day: n, x: scale.x(n), y: scale.y(day[series.key]) };
  });
  const d = points
    .map((point, i) => `${i > 0 && points[i - 1]?.day === point.day - 1 ? 'L' : 'M'}${point.x} ${point.y}`)
    .join(' ');
  return html`<g class="series series-${series.className}">
<path class="line-${series.className}" d="${d}"/>${points.map(
    (point) => html`<circle class="dot-${series.className}" cx="${point.x}" cy="${point.y}" r="2.5"/>`,
  )}
</g>`;
}

function legend(): Html {
  return html`<g class="legend">${SERIES.map(
    ({ legendX: x, className, label }) =>
      html`<line class="line-${className}" x1="${x}" x2="${x + 16}" y1="10" y2="10"/><text x="${x + 20}" y="13">${label}</text>`,
  )}</g>`;
}

/** The chart in words, for screen readers and anyone who cannot see it. */
function describe(days: readonly DayStats[], month: string): string {
  const when = monthLabel(month);
  if (days.length === 0) return `No temperatures recorded in ${when} yet.`;
  const coldest = days.reduce((a, b) => (b.min_c < a.min_c ? b : a));
  const warmest = days.reduce((a, b) => (b.max_c > a.max_c ? b : a));
  const count = days.length === 1 ? '1 day' : `${days.length} days`;
  return `Daily low, average and high temperatures on ${count} of ${when}: lowest ${round1(coldest.min_c)} °C on ${coldest.date}, highest ${round1(warmest.max_c)} °C on ${warmest.date}.`;
}

function dayOfMonth(date: string): number {
  return Number(date.slice(8, 10));
}

function byDate(a: DayStats, b: DayStats): number {
  return a.date.localeCompare(b.date);
}
