import { describe, expect, test } from 'vitest';
import { daysInMonth, monthLabel, niceRange, PLOT, temperatureChart } from '../../src/dashboard/chart.js';
import type { DayStats } from '../../src/snapshots/day-stats.js';

const NOVEMBER = { id: 'c1', title: 'Dublin', month: '2026-11' };

function day(date: string, min_c: number, max_c: number, avg_c = (min_c + max_c) / 2): DayStats {
  return { date, min_c, max_c, avg_c, samples: 24 };
}

/** The `d` of one series' line. */
function line(svg: string, series: 'min' | 'max' | 'avg'): string | undefined {
  return svg.match(new RegExp(`<path class="line-${series}" d="([^"]*)"`))?.[1];
}

// November has 30 days across the 580 units between PLOT.left (48) and PLOT.right (628): 20 units a day.
// A 0–10 °C range spans the 184 units from PLOT.bottom (208) up to PLOT.top (24).
describe('temperatureChart', () => {
  test('is one accessible image: role, title and description referenced by aria-labelledby', () => {
    const svg = temperatureChart([day('2026-11-01', 0, 10)], NOVEMBER).value;
    expect(svg).toMatch(/^<svg class="chart" role="img" aria-labelledby="c1-title c1-desc" viewBox="0 0 640 240"/);
    expect(svg).toContain('<title id="c1-title">Dublin, November 2026</title>');
    expect(svg).toContain(
      '<desc id="c1-desc">Daily low, average and high temperatures on 1 day of November 2026: lowest 0 °C on 2026-11-01, highest 10 °C on 2026-11-01.</desc>',
    );
    expect(svg.endsWith('</svg>')).toBe(true);
  });

  test('places the days along the month and the temperatures on the range', () => {
    const svg = temperatureChart([day('2026-11-01', 0, 10), day('2026-11-02', 2, 8, 4.5)], NOVEMBER).value;
    expect(PLOT).toEqual({ left: 48, right: 628, top: 24, bottom: 208 });
    expect(line(svg, 'max')).toBe('M48 24 L68 60.8');
    expect(line(svg, 'min')).toBe('M48 208 L68 171.2');
    expect(line(svg, 'avg')).toBe('M48 116 L68 125.2');
    expect(svg).toContain('<circle class="dot-max" cx="68" cy="60.8" r="2.5"/>');
  });

  test('the lines break where a day is missing, and days are drawn in date order', () => {
    const svg = temperatureChart(
      [day('2026-11-04', 0, 10), day('2026-11-01', 0, 10), day('2026-11-02', 0, 10)],
      NOVEMBER,
    ).value;
    expect(line(svg, 'max')).toBe('M48 24 L68 24 M108 24');
  });

  test('the last day of the month sits at the right edge', () => {
    const svg = temperatureChart([day('2026-11-29', 0, 10), day('2026-11-30', 0, 10)], NOVEMBER).value;
    expect(line(svg, 'min')).toBe('M608 208 L628 208');
  });

  test('axis labels: a gridline per step in °C, and day 1 then every 7th day', () => {
    const svg = temperatureChart([day('2026-11-01', 0, 10)], NOVEMBER).value;
    const yLabels = [...svg.matchAll(/text-anchor="end">([^<]*)</g)].map((m) => m[1]);
    expect(yLabels).toEqual(['0 °C', '2 °C', '4 °C', '6 °C', '8 °C', '10 °C']);
    expect(svg).toContain('<line class="grid" x1="48" x2="628" y1="24" y2="24"/>');
    const xLabels = [...svg.matchAll(/y="222" text-anchor="middle">([^<]*)</g)].map((m) => m[1]);
    expect(xLabels).toEqual(['1', '8', '15', '22', '29']);
    expect(svg).toContain('Day of month (UTC)');
    expect(svg).toMatch(/>High<.*>Average<.*>Low</s);
  });

  test('negative temperatures: the range goes below zero and the labels say so', () => {
    const svg = temperatureChart([day('2026-11-01', -12.4, -3.2, -7.75)], NOVEMBER).value;
    const yLabels = [...svg.matchAll(/text-anchor="end">([^<]*)</g)].map((m) => m[1]);
    expect(yLabels).toEqual(['-15 °C', '-10 °C', '-5 °C', '0 °C']);
    // -12.4 °C is 2.6 of 15 degrees above the bottom: 208 - 2.6 / 15 * 184.
    expect(line(svg, 'min')).toBe('M48 176.1');
    expect(svg).toContain('lowest -12.4 °C on 2026-11-01, highest -3.2 °C on 2026-11-01');
  });

  test('a single flat day still gets a range and a dot per series', () => {
    const svg = temperatureChart([day('2026-11-15', 5, 5, 5)], NOVEMBER).value;
    expect(line(svg, 'avg')).toBe('M328 116');
    expect(svg.match(/<circle /g)).toHaveLength(3);
    expect(svg).not.toContain('NaN');
  });

  test('the description names the coldest and warmest days of several', () => {
    const svg = temperatureChart(
      [day('2026-11-01', 3, 9), day('2026-11-02', -1.26, 7), day('2026-11-03', 4, 15.04)],
      NOVEMBER,
    ).value;
    expect(svg).toContain('on 3 days of November 2026: lowest -1.3 °C on 2026-11-02, highest 15 °C on 2026-11-03.');
  });

  test('empty: a message instead of lines, said in the description too', () => {
    const svg = temperatureChart([], NOVEMBER).value;
    expect(svg).toMatch(/^<svg class="chart empty" role="img" aria-labelledby="c1-title c1-desc" viewBox="0 0 640 48"/);
    expect(svg).toContain('<desc id="c1-desc">No temperatures recorded in November 2026 yet.</desc>');
    expect(svg).toContain('No temperatures recorded this month yet.</text>');
    expect(svg).not.toContain('<path');
  });

  test('days outside the month are left out (and alone, they make an empty chart)', () => {
    const svg = temperatureChart([day('2026-10-31', 0, 10), day('2026-12-01', 0, 10)], NOVEMBER).value;
    expect(svg).toContain('class="chart empty"');
  });

  test('the title and ids are escaped', () => {
    const svg = temperatureChart([], { id: 'x"y', title: '<script>alert(1)</script>', month: '2026-11' }).value;
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('<title id="x&quot;y-title">&lt;script&gt;alert(1)&lt;/script&gt;, November 2026</title>');
  });
});

describe('chart helpers', () => {
  test.for<[number, number, { lo: number; hi: number; step: number }]>([
    [0, 10, { lo: 0, hi: 10, step: 2 }],
    [1.2, 3.7, { lo: 1, hi: 4, step: 1 }],
    [-12.4, -3.2, { lo: -15, hi: 0, step: 5 }],
    [5, 5, { lo: 4, hi: 6, step: 1 }],
    [-30, 45, { lo: -40, hi: 60, step: 20 }],
    [-300, 300, { lo: -300, hi: 300, step: 100 }],
  ])('niceRange(%d, %d)', ([min, max, expected]) => {
    expect(niceRange(min, max)).toEqual(expected);
  });

  test.for<[string, number]>([
    ['2026-11', 30],
    ['2026-12', 31],
    ['2026-02', 28],
    ['2028-02', 29],
  ])('daysInMonth(%s) = %d', ([month, days]) => {
    expect(daysInMonth(month)).toBe(days);
  });

  test('monthLabel uses fixed English names', () => {
    expect(monthLabel('2026-01')).toBe('January 2026');
    expect(monthLabel('2026-12')).toBe('December 2026');
    expect(monthLabel('2026-13')).toBe('13 2026');
  });
});
