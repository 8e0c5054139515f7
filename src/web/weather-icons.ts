/**
 * Skydeck's own weather icons, one small SVG per OpenWeatherMap icon code
 * (https://openweathermap.org/weather-conditions): "01d" clear day … "50n"
 * mist at night. Served from /static/icons/ (no third-party image host), drawn
 * with presentation attributes only (no style attributes: the strict CSP
 * applies to an SVG document too). Codes OpenWeatherMap may add later, or a
 * malformed one, get the neutral icon: a page never shows a broken image.
 *
 * The drawings are files in ./icons/, read once at start: they are pictures,
 * not logic (an icon drawn in code made each of its numbers a mutant that only
 * the whole suite could judge). They carry no <title>: a page shows each as an
 * <img> whose alt text is the weather's description (weather/view.ts).
 */
import { readFileSync } from 'node:fs';

/** Conditions with a sun by day and a moon by night: two drawings, "01d.svg" and "01n.svg". */
const DAY_AND_NIGHT = ['01', '02', '10'];
/** Conditions where only cloud, rain, snow or mist shows: one drawing ("03.svg") for day and night. */
const SAME_BY_NIGHT = ['03', '04', '09', '11', '13', '50'];

export const UNKNOWN_ICON = 'unknown';

const drawing = (file: string) => readFileSync(new URL(`./icons/${file}`, import.meta.url), 'utf8');

/** Every icon file by name ("10d.svg", …, "unknown.svg"), as /static/icons/ serves them. */
export const ICON_FILES: ReadonlyMap<string, string> = new Map([
  ...DAY_AND_NIGHT.flatMap((code) => [`${code}d.svg`, `${code}n.svg`].map((name) => [name, drawing(name)] as const)),
  ...SAME_BY_NIGHT.flatMap((code) => {
    const svg = drawing(`${code}.svg`);
    return [[`${code}d.svg`, svg] as const, [`${code}n.svg`, svg] as const];
  }),
  [`${UNKNOWN_ICON}.svg`, drawing(`${UNKNOWN_ICON}.svg`)],
]);

/** The address of a code's icon; anything Skydeck has no icon for gets the neutral one. */
export function iconUrl(code: string | null): string {
  const file = `${code}.svg`; // no code at all is "null.svg", which there is none of
  return `/static/icons/${ICON_FILES.has(file) ? file : `${UNKNOWN_ICON}.svg`}`;
}
