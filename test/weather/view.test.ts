/** How current weather reads on a page: the reader's units, the city's own time, Skydeck's icons. */
import { describe, expect, test } from 'vitest';
import { CANNED_CITIES, currentWeatherBody } from '../../src/demo/openweathermap-data.ts';
import { parseCurrentWeather } from '../../src/weather/openweathermap.ts';
import {
  cityDate,
  cityTime,
  formatSpeed,
  formatTemp,
  round1,
  weatherFacts,
  weatherIcon,
} from '../../src/weather/view.ts';

/** Dublin as the canned provider has it (observed 2026-11-27 12:00 UTC), its temperature unrounded. */
const dublin = { ...parseCurrentWeather(currentWeatherBody(CANNED_CITIES[0]!)), temp_c: 11.46 };

describe('numbers in the reader’s units', () => {
  test.for<[number, string, string]>([
    [11.46, '11.5 °C', '52.6 °F'],
    [-0.04, '0 °C', '31.9 °F'],
    [-40, '-40 °C', '-40 °F'],
    [-17.78, '-17.8 °C', '0 °F'],
  ])('%s °C reads "%s" in metric and "%s" in imperial', ([celsius, metric, imperial]) => {
    expect(formatTemp(celsius, 'metric')).toBe(metric);
    expect(formatTemp(celsius, 'imperial')).toBe(imperial);
  });

  test('wind: m/s in metric, mph in imperial', () => {
    expect(formatSpeed(5.66, 'metric')).toBe('5.7 m/s');
    expect(formatSpeed(5.66, 'imperial')).toBe('12.7 mph');
  });

  test('every temperature and the wind in the facts follow the units; humidity does not change', () => {
    const metric = weatherFacts(dublin, 'metric').value;
    expect(metric).toContain('<p class="temp">11.5 °C</p>');
    expect(metric).toContain('<dt>Feels like</dt><dd>10.9 °C</dd>');
    expect(metric).toContain('<dt>Wind</dt><dd>5.7 m/s</dd>');
    const imperial = weatherFacts(dublin, 'imperial').value;
    expect(imperial).toContain('<p class="temp">52.6 °F</p>');
    expect(imperial).toContain('<dt>Feels like</dt><dd>51.6 °F</dd>');
    expect(imperial).toContain('<dt>Wind</dt><dd>12.7 mph</dd>');
    expect(imperial).toContain('<dt>Humidity</dt><dd>82%</dd>');
    expect(imperial).not.toMatch(/°C|m\/s/);
  });
});

describe('round1: to one decimal, as people read numbers', () => {
  test.for([-0.04, -0.05, -0.001])('round1(%d) is 0, never -0', (value) => {
    expect(Object.is(round1(value), 0)).toBe(true);
  });

  test.for<[number, number]>([
    [0.05, 0.1],
    [0.04, 0],
    [0.15, 0.2],
    [1.25, 1.3],
    [11.45, 11.5],
    [-0.06, -0.1],
    [-0.15, -0.1],
    [-1.25, -1.2],
    [-1.26, -1.3],
    [9.95, 10],
    [-9.95, -9.9],
  ])('round1(%d) = %d: a .05 rounds up, towards +∞', ([value, rounded]) => {
    expect(round1(value)).toBe(rounded);
  });
});

describe('times in the city’s own time, UTC beside them', () => {
  test.for<[string, string, number, string, string]>([
    ['Dublin (UTC+0)', '2026-11-27T12:00:00.000Z', 0, 'Fri 27 Nov, 12:00', '2026-11-27 12:00 UTC'],
    ['Tokyo (UTC+9)', '2026-11-27T12:00:00.000Z', 32_400, 'Fri 27 Nov, 21:00', '2026-11-27 12:00 UTC'],
    ['Mumbai (UTC+5:30)', '2026-11-27T12:00:00.000Z', 19_800, 'Fri 27 Nov, 17:30', '2026-11-27 12:00 UTC'],
    [
      'New York (UTC−5), still the day before',
      '2026-11-27T03:00:00.000Z',
      -18_000,
      'Thu 26 Nov, 22:00',
      '2026-11-27 03:00 UTC',
    ],
  ])('%s', ([, iso, offset, local, utc]) => {
    expect(cityTime(iso, offset).value).toBe(
      `<time datetime="${iso}" title="${utc}">${local} local time</time> <small class="muted">(${utc})</small>`,
    );
  });

  test('without the city’s offset, UTC alone, said to be UTC', () => {
    expect(cityTime('2026-11-27T12:00:00.000Z', null).value).toBe(
      '<time datetime="2026-11-27T12:00:00.000Z">2026-11-27 12:00 UTC</time>',
    );
  });

  test('a time that does not parse is shown as it came, never an exception', () => {
    expect(cityTime('not a time', 3600).value).toBe('not a time');
  });

  test.for<[string, string | null, number | null, string | null]>([
    ['Tokyo, already tomorrow', '2026-11-27T20:00:00.000Z', 32_400, '2026-11-28'],
    ['New York, still yesterday', '2026-11-27T03:00:00.000Z', -18_000, '2026-11-26'],
    ['Dublin', '2026-11-27T12:00:00.000Z', 0, '2026-11-27'],
    ['no offset', '2026-11-27T12:00:00.000Z', null, null],
    ['no observation time', null, 0, null],
    ['a time that does not parse', 'soon', 0, null],
  ])('the city’s date: %s', ([, observedAt, offset, date]) => {
    expect(cityDate({ observed_at: observedAt, utc_offset_s: offset })).toBe(date);
  });

  test('the facts show the observation in local time', () => {
    const tokyo = weatherFacts({ ...dublin, utc_offset_s: 32_400 }, 'metric').value;
    expect(tokyo).toContain(
      '<dt>Observed</dt><dd><time datetime="2026-11-27T12:00:00.000Z" title="2026-11-27 12:00 UTC">Fri 27 Nov, 21:00 local time</time>',
    );
  });
});

describe('the current conditions’ icon', () => {
  test('Skydeck’s own icon for the code, described by the conditions', () => {
    expect(weatherIcon('10n', 'light rain', 64).value).toBe(
      '<img class="weather-icon" src="/static/icons/10n.svg" alt="light rain" width="64" height="64">',
    );
    expect(weatherFacts(dublin, 'metric').value).toContain('src="/static/icons/04d.svg" alt="broken clouds"');
  });

  test.for<[string, string | null]>([
    ['no icon from upstream', null],
    ['a code OpenWeatherMap might add', '99d'],
    ['a path', '../../etc/passwd'],
    ['markup', '"><script>'],
  ])('%s → the neutral icon, never a broken image', ([, code]) => {
    expect(weatherIcon(code, 'x', 64).value).toContain('src="/static/icons/unknown.svg"');
  });

  test('the description is text in the alt, never markup', () => {
    const icon = weatherIcon('01d', '"><img src=x onerror=alert(1)>', 64).value;
    expect(icon).toBe(
      '<img class="weather-icon" src="/static/icons/01d.svg" alt="&quot;&gt;&lt;img src=x onerror=alert(1)&gt;" width="64" height="64">',
    );
  });
});
