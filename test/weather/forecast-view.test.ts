/** The forecast row: pure functions over the Forecast type, tested on fixtures. */
import { describe, expect, test } from 'vitest';
import { FORECAST_DAYS } from '../../src/weather/forecast.ts';
import { chanceOfRain, dayNames, forecastRow, wholeDegrees } from '../../src/weather/forecast-view.ts';
import { DUBLIN_FORECAST, forecastWith } from '../support/forecasts.ts';

function render(...args: Parameters<typeof forecastRow>): string {
  const row = forecastRow(...args);
  if (row === false) throw new Error('expected a forecast row');
  return row.value;
}

/** The markup of each day, in order. */
function days(row: string): string[] {
  return [...row.matchAll(/<li class="forecast-day">([\s\S]*?)<\/li>/g)].map((match) => match[1]!);
}

describe('forecastRow', () => {
  test('a labelled list of days: weekday, icon, high, low and chance of rain', () => {
    const row = render(DUBLIN_FORECAST, 'metric');
    expect(row).toMatch(/^<ol class="forecast" aria-label="5-day forecast for Dublin">/);
    const [saturday] = days(row);
    expect(saturday).toContain(
      '<time datetime="2026-11-28" title="Saturday, 28 November 2026 (local date)">Sat</time>',
    );
    expect(saturday).toContain(
      '<img class="weather-icon" src="/static/icons/10d.svg" alt="light rain" width="40" height="40">',
    );
    expect(saturday).toContain('<span class="high"><span class="sr-only">High </span>12°C</span>');
    expect(saturday).toContain('<span class="low"><span class="sr-only">Low </span>6°C</span>');
    expect(saturday).toContain('<span class="sr-only">Chance of rain </span>62%</span>');
    expect(days(row).map((day) => day.match(/>(\w{3})<\/time>/)?.[1])).toEqual(['Sat', 'Sun', 'Mon', 'Tue', 'Wed']);
  });

  test('the city’s today is "Today", with its full date still in the tooltip', () => {
    const row = render(DUBLIN_FORECAST, 'metric', '2026-11-29');
    expect(days(row).map((day) => day.match(/">(\w+)<\/time>/)?.[1])).toEqual(['Sat', 'Today', 'Mon', 'Tue', 'Wed']);
    expect(row).toContain('title="Sunday, 29 November 2026 (local date)">Today</time>');
  });

  test('imperial: highs and lows in °F, and no °C anywhere', () => {
    const row = render(DUBLIN_FORECAST, 'imperial');
    const [saturday, , monday] = days(row);
    expect(saturday).toContain('High </span>53°F');
    expect(saturday).toContain('Low </span>44°F');
    expect(monday).toContain('Low </span>31°F');
    expect(row).not.toContain('°C');
  });

  test('a low of -0.4 °C reads 0°C, never -0°C', () => {
    expect(days(render(DUBLIN_FORECAST, 'metric'))[2]).toContain('Low </span>0°C');
  });

  test(`at most ${FORECAST_DAYS} days, whatever the forecast holds`, () => {
    const six = forecastWith([
      ...DUBLIN_FORECAST.days,
      { date: '2026-12-03', min: 1, max: 2, description: 'snow', icon: '13d', pop: 0.9 },
    ]);
    const row = render(six, 'metric');
    expect(days(row)).toHaveLength(FORECAST_DAYS);
    expect(row).not.toContain('2026-12-03');
  });

  test('fewer days: the label says how many', () => {
    const row = render(forecastWith(DUBLIN_FORECAST.days.slice(0, 2)), 'metric');
    expect(row).toContain('aria-label="2-day forecast for Dublin"');
    expect(days(row)).toHaveLength(2);
  });

  test('no days: no row at all', () => {
    expect(forecastRow(forecastWith([]), 'metric')).toBe(false);
  });

  test('an icon code Skydeck has no icon for gets the neutral icon', () => {
    const row = render(
      forecastWith([{ date: '2026-11-28', min: 1, max: 2, description: 'volcanic ash', icon: '62x', pop: 0 }]),
      'metric',
    );
    expect(row).toContain('src="/static/icons/unknown.svg" alt="volcanic ash"');
  });

  test('what the provider says stays text: descriptions and the city name are escaped', () => {
    const row = render(
      forecastWith(
        [{ date: '2026-11-28', min: 1, max: 2, description: '<script>alert(1)</script>', icon: '01d', pop: 0 }],
        '"><img src=x onerror=alert(1)>',
      ),
      'metric',
    );
    expect(row).not.toContain('<script>');
    expect(row).not.toContain('<img src=x');
    expect(row).toContain('alt="&lt;script&gt;alert(1)&lt;/script&gt;"');
    expect(row).toContain('aria-label="1-day forecast for &quot;&gt;&lt;img src=x onerror=alert(1)&gt;"');
  });
});

describe('the pieces', () => {
  test.for<[number, string]>([
    [0, '0%'],
    [0.355, '36%'],
    [1, '100%'],
    [1.7, '100%'],
    [-0.2, '0%'],
  ])('chance of rain %s → %s', ([pop, text]) => {
    expect(chanceOfRain(pop)).toBe(text);
  });

  test.for<[number, string, string]>([
    [11.6, '12°C', '53°F'],
    [-0.4, '0°C', '31°F'],
    [-17.9, '-18°C', '0°F'],
  ])('%s °C → %s, %s', ([celsius, metric, imperial]) => {
    expect(wholeDegrees(celsius, 'metric')).toBe(metric);
    expect(wholeDegrees(celsius, 'imperial')).toBe(imperial);
  });

  test('day names are English whatever the server’s locale; a date that does not parse is shown as it is', () => {
    expect(dayNames('2026-12-01')).toEqual({ short: 'Tue', long: 'Tuesday, 1 December 2026' });
    expect(dayNames('2026-13-01')).toEqual({ short: '2026-13-01', long: '2026-13-01' });
  });
});
