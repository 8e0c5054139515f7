/**
 * Skydeck's own weather icons, one small SVG per OpenWeatherMap icon code
 * (https://openweathermap.org/weather-conditions): "01d" clear day … "50n"
 * mist at night. Served from /static/icons/ (no third-party image host), drawn
 * with presentation attributes only (no style attributes: the strict CSP
 * applies to an SVG document too). Codes OpenWeatherMap may add later, or a
 * malformed one, get the neutral icon: a page never shows a broken image.
 */

const SUN_COLOUR = '#f59e0b';
const MOON_COLOUR = '#64748b';
const CLOUD = 'fill="#e2e8f0" stroke="#64748b" stroke-width="2.5" stroke-linejoin="round"';
const DARK_CLOUD = 'fill="#94a3b8" stroke="#475569" stroke-width="2.5" stroke-linejoin="round"';

// The shapes, in a 64×64 box.
const CLOUD_PATH = 'M16 54a12 12 0 0 1 0-24 16 16 0 0 1 30 4 10 10 0 0 1 2 20z';
const sun = (cx: number, cy: number, r: number) => {
  const rays = Array.from({ length: 8 }, (_, i) => {
    const angle = (i * Math.PI) / 4;
    const point = (distance: number) =>
      `${round(cx + distance * Math.cos(angle))} ${round(cy + distance * Math.sin(angle))}`;
    return `M${point(r + 4)}L${point(r + 9)}`;
  }).join('');
  return `<circle cx="${cx}" cy="${cy}" r="${r}" fill="${SUN_COLOUR}"/><path d="${rays}" stroke="${SUN_COLOUR}" stroke-width="3.5" stroke-linecap="round"/>`;
};
/** A crescent: a disc with a bite taken out of its upper right. */
const moon = (cx: number, cy: number, r: number) =>
  `<path d="M${cx + r * 0.3} ${cy - r}a${r} ${r} 0 1 0 ${r * 0.7} ${r * 1.6}a${r * 0.8} ${r * 0.8} 0 0 1 ${-r * 0.7} ${-r * 1.6}z" fill="${MOON_COLOUR}"/>`;
const cloud = (attributes = CLOUD, dy = 0) =>
  `<path d="${CLOUD_PATH}" ${attributes}${dy === 0 ? '' : ` transform="translate(0 ${dy})"`}/>`;
const RAIN = '<path d="M22 50l-4 9M32 50l-4 9M42 50l-4 9" stroke="#2563eb" stroke-width="3" stroke-linecap="round"/>';
const SHOWERS =
  '<path d="M18 48l-3 6M26 50l-3 6M34 48l-3 6M42 50l-3 6M22 57l-2 4M38 57l-2 4" stroke="#2563eb" stroke-width="3" stroke-linecap="round"/>';
const LIGHTNING = '<path d="M34 40l-8 12h7l-4 10 11-14h-7l4-8z" fill="#facc15" stroke="#a16207" stroke-width="1.5"/>';
const SNOW =
  '<g stroke="#0284c7" stroke-width="2.5" stroke-linecap="round"><path d="M20 50v10M15.7 52.5l8.6 5M15.7 57.5l8.6-5"/><path d="M40 50v10M35.7 52.5l8.6 5M35.7 57.5l8.6-5"/></g>';
const MIST =
  '<path d="M10 22h44M6 32h52M12 42h40M8 52h48" stroke="#64748b" stroke-width="4" stroke-linecap="round" stroke-dasharray="30 6"/>';
/** Nothing to say about the sky: a plain thermometer. */
const UNKNOWN =
  '<path d="M27 40V14a5 5 0 0 1 10 0v26a9 9 0 1 1-10 0z" fill="#fff" stroke="#64748b" stroke-width="3"/><circle cx="32" cy="47" r="5" fill="#94a3b8"/><path d="M32 44V24" stroke="#94a3b8" stroke-width="4" stroke-linecap="round"/>';

const svg = (...parts: string[]) =>
  `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" width="64" height="64">${parts.join('')}</svg>\n`;

/** What each OpenWeatherMap condition looks like, by day ("d") and by night ("n"). */
const CONDITIONS: Record<string, { d: string; n: string }> = {
  '01': { d: svg(sun(32, 32, 13)), n: svg(moon(30, 32, 18)) }, // clear sky
  '02': { d: svg(sun(42, 22, 10), cloud()), n: svg(moon(46, 18, 12), cloud()) }, // few clouds
  '03': { d: svg(cloud()), n: svg(cloud()) }, // scattered clouds
  '04': { d: svg(cloud(DARK_CLOUD, -12), cloud()), n: svg(cloud(DARK_CLOUD, -12), cloud()) }, // broken clouds
  '09': { d: svg(cloud(CLOUD, -12), SHOWERS), n: svg(cloud(CLOUD, -12), SHOWERS) }, // shower rain
  '10': { d: svg(sun(42, 16, 9), cloud(CLOUD, -12), RAIN), n: svg(moon(50, 12, 10), cloud(CLOUD, -12), RAIN) }, // rain
  '11': { d: svg(cloud(DARK_CLOUD, -14), LIGHTNING), n: svg(cloud(DARK_CLOUD, -14), LIGHTNING) }, // thunderstorm
  '13': { d: svg(cloud(CLOUD, -12), SNOW), n: svg(cloud(CLOUD, -12), SNOW) }, // snow
  '50': { d: svg(MIST), n: svg(MIST) }, // mist
};

export const UNKNOWN_ICON = 'unknown';

/** Every icon file by name ("10d.svg", …, "unknown.svg"), as /static/icons/ serves them. */
export const ICON_FILES: ReadonlyMap<string, string> = new Map([
  ...Object.entries(CONDITIONS).flatMap(([code, { d, n }]) => [
    [`${code}d.svg`, d] as const,
    [`${code}n.svg`, n] as const,
  ]),
  [`${UNKNOWN_ICON}.svg`, svg(UNKNOWN)],
]);

/** The address of a code's icon; anything Skydeck has no icon for gets the neutral one. */
export function iconUrl(code: string | null): string {
  const file = `${code}.svg`;
  return `/static/icons/${code !== null && ICON_FILES.has(file) ? file : `${UNKNOWN_ICON}.svg`}`;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
