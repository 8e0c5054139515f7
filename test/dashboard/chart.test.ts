import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  clampForDisplay,
  DISPLAY_LIMIT,
  daysInMonth,
  MAX_BANDS,
  monthLabel,
  niceRange,
  temperatureChart,
  ticks,
  VIEW,
} from '../../src/dashboard/chart.ts';
import type { DayStats } from '../../src/snapshots/day-stats.ts';
import { round1 } from '../../src/weather/view.ts';
import { monthsOfYears } from '../support/arbitraries.ts';

const NOVEMBER = { id: 'c1', title: 'Dublin', month: '2026-11', units: 'metric' } as const;

function day(date: string, min_c: number, max_c: number, avg_c = (min_c + max_c) / 2, samples = 24): DayStats {
  return { date, min_c, max_c, avg_c, samples };
}

/** The `d` of one series' line, or of its dots. */
function line(markup: string, series: 'min' | 'max' | 'avg', kind: 'line' | 'dots' = 'line'): string | undefined {
  return markup.match(new RegExp(`<path class="${kind}-${series}" d="([^"]*)"`))?.[1];
}

/** The y axis labels, bottom to top, with where they sit (percent of the plot's height). */
function yLabels(markup: string): Array<[string, string]> {
  return [...markup.matchAll(/<text x="100%" dx="-6" y="([\d.]+)%" dy="0.35em" text-anchor="end">([^<]*)</g)].map(
    (m) => [m[2]!, m[1]!],
  );
}

function gridlines(markup: string): string[] {
  return [...markup.matchAll(/<line class="grid" x1="0" x2="1000" y1="([\d.]+)" y2="\1"\/>/g)].map((m) => m[1]!);
}

// The plot's box is 0–1000 both ways, padded 20 across and 40 down. November has 30 days across the 960
// units from x=20 to x=980 (960/29 a day); a 0–10 °C range spans the 920 units from y=960 up to y=40.
describe('temperatureChart', () => {
  test('a figure: a caption, one image named by the caption and a description, and a table of the days', () => {
    const chart = temperatureChart([day('2026-11-01', 0, 10)], NOVEMBER).value;
    expect(chart).toMatch(
      /^<figure class="chart" id="c1">\n<figcaption id="c1-title">Dublin, November 2026<\/figcaption>/,
    );
    expect(chart).toContain('<div class="chart-graphic" role="img" aria-labelledby="c1-title c1-desc">');
    expect(chart).toContain(
      '<p class="chart-desc" id="c1-desc">Daily low, average and high temperatures on 1 day of November 2026 (24 readings): lowest 0 °C on 2026-11-01, highest 10 °C on 2026-11-01.</p>',
    );
    expect(chart).toContain('<tr><th scope="row">2026-11-01</th><td>0</td><td>5</td><td>10</td><td>24</td></tr>');
    expect(chart).toContain('<th scope="col">Low °C</th><th scope="col">Average °C</th><th scope="col">High °C</th>');
    expect(chart.endsWith('</figure>')).toBe(true);
  });

  test('only the lines are a scaled drawing: every label is text in an SVG without a viewBox', () => {
    const chart = temperatureChart([day('2026-11-01', 0, 10)], NOVEMBER).value;
    const svgs = [...chart.matchAll(/<svg\b[^>]*>[\s\S]*?<\/svg>/g)].map((m) => m[0]);
    expect(svgs).toHaveLength(3);
    const scaled = svgs.filter((svg) => svg.includes('viewBox'));
    expect(scaled).toHaveLength(1);
    expect(scaled[0]).toMatch(/^<svg class="chart-plot" viewBox="0 0 1000 1000" preserveAspectRatio="none"/);
    expect(scaled[0]).not.toContain('<text');
    // The labels are placed in percent of their own box (the same box height as the plot), never in scaled units.
    for (const svg of svgs.filter((s) => !s.includes('viewBox'))) {
      expect(svg).toContain('<text');
      expect([...svg.matchAll(/<text x="([^"]*)"/g)].every((m) => m[1]!.endsWith('%'))).toBe(true);
    }
    expect(chart).not.toMatch(/\sstyle=/);
  });

  test('places the days along the month and the temperatures on the range', () => {
    const chart = temperatureChart([day('2026-11-01', 0, 10), day('2026-11-02', 2, 8, 4.5)], NOVEMBER).value;
    expect(line(chart, 'max')).toBe('M20 40 L53.1 224');
    expect(line(chart, 'min')).toBe('M20 960 L53.1 776');
    expect(line(chart, 'avg')).toBe('M20 500 L53.1 546');
    expect(line(chart, 'max', 'dots')).toBe('M20 40h0 M53.1 224h0');
  });

  test('the lines break where a day is missing, and days are drawn in date order', () => {
    const chart = temperatureChart(
      [day('2026-11-04', 0, 10), day('2026-11-01', 0, 10), day('2026-11-02', 0, 10)],
      NOVEMBER,
    ).value;
    expect(line(chart, 'max')).toBe('M20 40 L53.1 40 M119.3 40');
  });

  test('the last day of the month sits at the right edge', () => {
    const chart = temperatureChart([day('2026-11-29', 0, 10), day('2026-11-30', 0, 10)], NOVEMBER).value;
    expect(line(chart, 'min')).toBe('M946.9 960 L980 960');
  });

  test('axis labels: one per gridline, at its height; day 1 then every 7th day', () => {
    const chart = temperatureChart([day('2026-11-01', 0, 10)], NOVEMBER).value;
    expect(yLabels(chart)).toEqual([
      ['0 °C', '96'],
      ['2 °C', '77.6'],
      ['4 °C', '59.2'],
      ['6 °C', '40.8'],
      ['8 °C', '22.4'],
      ['10 °C', '4'],
    ]);
    expect(gridlines(chart).map((y) => String(Number(y) / 10))).toEqual(yLabels(chart).map(([, at]) => at));
    const xLabels = [...chart.matchAll(/<text x="([\d.]+)%" y="1em" text-anchor="middle">([^<]*)</g)];
    expect(xLabels.map((m) => [m[2], m[1]])).toEqual([
      ['1', '2'],
      ['8', '25.2'],
      ['15', '48.3'],
      ['22', '71.5'],
      ['29', '94.7'],
    ]);
    expect(chart).toContain('Day of month (UTC)');
    expect(chart).toContain(
      '<ul class="chart-legend"><li class="key-max">High</li><li class="key-avg">Average</li><li class="key-min">Low</li></ul>',
    );
  });

  test('in °F: the axis, the description and the table follow the units', () => {
    const chart = temperatureChart([day('2026-11-01', 0, 10)], { ...NOVEMBER, units: 'imperial' }).value;
    // 0–10 °C is 32–50 °F: bands of 5 from 30 to 50.
    expect(yLabels(chart).map(([label]) => label)).toEqual(['30 °F', '35 °F', '40 °F', '45 °F', '50 °F']);
    expect(chart).not.toContain('°C');
    expect(chart).toContain('lowest 32 °F on 2026-11-01, highest 50 °F on 2026-11-01.');
    expect(chart).toContain('<td>32</td><td>41</td><td>50</td>');
    // 50 °F is the top of the range, 32 °F is 2/20 of it above the bottom: 960 - 0.1 * 920.
    expect(line(chart, 'max')).toBe('M20 40');
    expect(line(chart, 'min')).toBe('M20 868');
  });

  test('negative temperatures: the range goes below zero and the labels say so', () => {
    const chart = temperatureChart([day('2026-11-01', -12.4, -3.2, -7.75)], NOVEMBER).value;
    expect(yLabels(chart).map(([label]) => label)).toEqual(['-15 °C', '-10 °C', '-5 °C', '0 °C']);
    // -12.4 °C is 2.6 of 15 degrees above the bottom: 960 - 2.6 / 15 * 920.
    expect(line(chart, 'min')).toBe('M20 800.5');
    expect(chart).toContain('lowest -12.4 °C on 2026-11-01, highest -3.2 °C on 2026-11-01');
  });

  test('a single flat day still gets a range and a dot per series', () => {
    const chart = temperatureChart([day('2026-11-15', 5, 5, 5, 1)], NOVEMBER).value;
    expect(line(chart, 'avg')).toBe('M483.4 500');
    expect(line(chart, 'avg', 'dots')).toBe('M483.4 500h0');
    expect(chart).toContain('on 1 day of November 2026 (1 reading)');
    expect(chart).not.toContain('NaN');
  });

  test('the description names the coldest and warmest days of several', () => {
    const chart = temperatureChart(
      [day('2026-11-01', 3, 9), day('2026-11-02', -1.26, 7), day('2026-11-03', 4, 15.04)],
      NOVEMBER,
    ).value;
    expect(chart).toContain(
      'on 3 days of November 2026 (72 readings): lowest -1.3 °C on 2026-11-02, highest 15 °C on 2026-11-03.',
    );
  });

  test('a tie for the lowest or the highest names the earlier day', () => {
    const chart = temperatureChart([day('2026-11-01', 2, 9), day('2026-11-02', 2, 9)], NOVEMBER).value;
    expect(chart).toContain('lowest 2 °C on 2026-11-01, highest 9 °C on 2026-11-01.');
  });

  test.for<[string, string[]]>([
    ['2028-02', ['1', '8', '15', '22', '29']],
    ['2026-02', ['1', '8', '15', '22']],
  ])('in %s the day labels run to the last day that is a 7th day from the 1st', ([month, labels]) => {
    const chart = temperatureChart([day(`${month}-01`, 0, 10)], { ...NOVEMBER, month }).value;
    const xLabels = [...chart.matchAll(/<text x="[\d.]+%" y="1em" text-anchor="middle">([^<]*)</g)];
    expect(xLabels.map((m) => m[1])).toEqual(labels);
  });

  test('empty: the caption and a sentence, no drawing and no table', () => {
    const chart = temperatureChart([], NOVEMBER).value;
    expect(chart).toMatch(/^<figure class="chart empty" id="c1">/);
    expect(chart).toContain('<p class="chart-desc" id="c1-desc">No temperatures recorded in November 2026 yet.</p>');
    expect(chart).not.toContain('<svg');
    expect(chart).not.toContain('<table');
  });

  test('what cannot be drawn is left out: other months, impossible days, repeated dates, values that are not numbers', () => {
    const chart = temperatureChart(
      [
        day('2026-10-31', 0, 10),
        day('2026-12-01', 0, 10),
        day('2026-11-31', 0, 10),
        day('2026-11-00', 0, 10),
        day('2026-11-xx', 0, 10),
        day('2026-11-03', Number.NaN, 10),
        day('2026-11-04', 0, Number.POSITIVE_INFINITY),
        day('2026-11-05', 0, 10, null as unknown as number), // SQLite's avg of +Inf and -Inf is NULL
        day('2026-11-02', 1, 3),
        day('2026-11-02', 0, 10),
      ],
      NOVEMBER,
    ).value;
    expect(chart).toContain('on 1 day of November 2026');
    expect(line(chart, 'max')).toBe('M53.1 40');
    expect(chart.match(/<tr><th scope="row">/g)).toHaveLength(1);
    expect(temperatureChart([day('2026-10-31', 0, 10)], NOVEMBER).value).toContain('class="chart empty"');
  });

  test("an average outside its day's low and high (figures need not agree) still sits inside the range", () => {
    const chart = temperatureChart([day('2026-11-01', 0, 10, 20)], NOVEMBER).value;
    expect(yLabels(chart).at(-1)?.[0]).toBe('20 °C');
    expect(line(chart, 'avg')).toBe('M20 40');
  });

  test('the title and ids are escaped', () => {
    const chart = temperatureChart([], { ...NOVEMBER, id: 'x"y', title: '<script>alert(1)</script>' }).value;
    expect(chart).not.toContain('<script>');
    expect(chart).toContain(
      '<figcaption id="x&quot;y-title">&lt;script&gt;alert(1)&lt;/script&gt;, November 2026</figcaption>',
    );
  });
});

describe('whatever the data, the axis and the markup are bounded', () => {
  // A month of days at the largest count, so the size bound covers the most a chart can hold.
  const december = (min: number, max: number, avg: number) =>
    Array.from({ length: 31 }, (_, i) => day(`2026-12-${String(i + 1).padStart(2, '0')}`, min, max, avg));
  const DECEMBER = { ...NOVEMBER, month: '2026-12' };
  /** Comfortably above a real month's chart (about 6 kB), far below what the old axis loop produced. */
  const MAX_CHART_CHARS = 12_000;

  test.for<[string, number, number]>([
    ['1e17 (once out of memory)', 1e17, 1e17],
    ['-1e17', -1e17, -1e17],
    ['1e7 (once an 11.7 MB page)', -1e7, 1e7],
    ['from -1e17 to 1e17', -1e17, 1e17],
    ['the largest doubles', -Number.MAX_VALUE, Number.MAX_VALUE],
    ['the smallest double', Number.MIN_VALUE, Number.MIN_VALUE],
    ['NaN', Number.NaN, Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY],
    ['-Infinity to Infinity', Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY],
    ['a finite low, a NaN high', 3, Number.NaN],
    ['all equal', 7, 7],
    ['all equal, at the display limit', DISPLAY_LIMIT, DISPLAY_LIMIT],
  ])('%s: at most MAX_BANDS + 1 ticks, a bounded chart', ([, min, max]) => {
    for (const units of ['metric', 'imperial'] as const) {
      const chart = temperatureChart(december(min, max, (min + max) / 2), { ...DECEMBER, units }).value;
      expect(chart.length).toBeLessThan(MAX_CHART_CHARS);
      expect(yLabels(chart).length).toBeLessThanOrEqual(MAX_BANDS + 1);
      expect(gridlines(chart).length).toBe(yLabels(chart).length);
      expect(chart).not.toMatch(/[xy]\d?="[^"]*(NaN|Infinity)/);
    }
    // A single day of it as well: the range of one value.
    expect(ticks(niceRange(min, min)).length).toBeLessThanOrEqual(MAX_BANDS + 1);
  });

  test('a value exactly at the display limit is the top of the axis, drawn at the edge', () => {
    const chart = temperatureChart([day('2026-11-01', 0, DISPLAY_LIMIT, 20)], NOVEMBER).value;
    expect(yLabels(chart).map(([label]) => label)).toEqual(['0 °C', '200 °C', '400 °C', '600 °C', '800 °C', '1000 °C']);
    expect(line(chart, 'max')).toBe('M20 40');
    expect(chart).toContain('<td>0</td><td>20</td><td>1000</td>');
  });

  test('a value beyond the display limit is drawn at the edge; the table keeps what was stored', () => {
    const chart = temperatureChart([day('2026-11-01', 10, 1e17, 20)], NOVEMBER).value;
    expect(yLabels(chart).at(-1)?.[0]).toBe(`${DISPLAY_LIMIT} °C`);
    expect(line(chart, 'max')).toBe('M20 40');
    expect(chart).toContain('<td>100000000000000000</td>');
  });

  // The same, for arbitrary numbers: any doubles (NaN and the infinities included), any days.
  test('property: any figures give at most MAX_BANDS + 1 ticks, plot coordinates inside the box, a bounded chart', () => {
    const figure = fc.double();
    const anyDay = fc.record({
      date: fc.integer({ min: 0, max: 40 }).map((n) => `2026-12-${String(n).padStart(2, '0')}`),
      min_c: figure,
      max_c: figure,
      avg_c: figure,
      samples: fc.nat(),
    });
    fc.assert(
      fc.property(fc.array(anyDay, { maxLength: 80 }), fc.constantFrom('metric', 'imperial'), (days, units) => {
        const chart = temperatureChart(days, { ...DECEMBER, units }).value;
        expect(chart.length).toBeLessThan(MAX_CHART_CHARS);
        expect(yLabels(chart).length).toBeLessThanOrEqual(MAX_BANDS + 1);
        for (const d of [line(chart, 'min'), line(chart, 'max'), line(chart, 'avg')]) {
          for (const n of (d ?? '').match(/-?[\d.e+]+|NaN|Infinity/g) ?? []) {
            expect(Number(n)).toBeGreaterThanOrEqual(0);
            expect(Number(n)).toBeLessThanOrEqual(VIEW);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  test('property: any month, any number of days (dates in it, beside it, impossible), any figures: a bounded chart', () => {
    const anyMonth = monthsOfYears(1970, 9999);
    const figure = fc.oneof(fc.double(), fc.constantFrom(Number.NaN, Infinity, -Infinity, -0, 5e-324));
    // Days of the month (day 00 to 99, so some impossible) and of the months around it; up to 400 of them.
    const monthAndDays = anyMonth.chain((month) => {
      const dates = fc.tuple(fc.constantFrom(month, '1969-12', '2026-02'), fc.integer({ min: 0, max: 99 }));
      const anyDay = fc.record({
        date: dates.map(([m, d]) => `${m}-${String(d).padStart(2, '0')}`),
        min_c: figure,
        max_c: figure,
        avg_c: figure,
        samples: fc.integer({ min: 0, max: 2 ** 31 }),
      });
      return fc.tuple(fc.constant(month), fc.array(anyDay, { maxLength: 400, size: 'max' }));
    });
    fc.assert(
      fc.property(monthAndDays, fc.constantFrom('metric', 'imperial'), ([month, days], units) => {
        const chart = temperatureChart(days, { ...NOVEMBER, month, units }).value;
        expect(chart.length).toBeLessThan(MAX_CHART_CHARS);
        expect(yLabels(chart).length).toBeLessThanOrEqual(MAX_BANDS + 1);
        expect(chart.match(/<tr><th scope="row">/g)?.length ?? 0).toBeLessThanOrEqual(daysInMonth(month));
        expect(chart).not.toMatch(/[xy]\d?="[^"]*(NaN|Infinity)/);
      }),
      { numRuns: 50 },
    );
  });

  test('property: ticks are at most MAX_BANDS + 1 for any range at all, so the axis loop is bounded', () => {
    fc.assert(
      fc.property(fc.double(), fc.double(), fc.double(), (lo, hi, step) => {
        expect(ticks({ lo, hi, step }).length).toBeLessThanOrEqual(MAX_BANDS + 1);
      }),
      { numRuns: 300 },
    );
  });

  test('property: clampForDisplay keeps any number within ±DISPLAY_LIMIT, and a number within it as it is', () => {
    fc.assert(
      fc.property(fc.double(), (value) => {
        const shown = clampForDisplay(value);
        expect(Math.abs(shown)).toBeLessThanOrEqual(DISPLAY_LIMIT);
        if (Math.abs(value) <= DISPLAY_LIMIT) expect(shown).toBe(value);
        if (Number.isNaN(value)) expect(shown).toBe(0);
      }),
      { numRuns: 300 },
    );
  });

  test('property: niceRange holds the clamped values on at most MAX_BANDS round bands', () => {
    fc.assert(
      fc.property(fc.double(), fc.double(), (a, b) => {
        const range = niceRange(a, b);
        const [low, high] = [a, b].map((x) => round1(clampForDisplay(x))).sort((x, y) => x - y) as [number, number];
        expect(range.lo).toBeLessThanOrEqual(low);
        expect(range.hi).toBeGreaterThanOrEqual(high);
        expect(range.hi).toBeGreaterThan(range.lo);
        const bands = (range.hi - range.lo) / range.step;
        expect(Number.isInteger(bands)).toBe(true);
        expect(bands).toBeLessThanOrEqual(MAX_BANDS);
        expect(ticks(range)).toHaveLength(bands + 1);
      }),
      { numRuns: 1000 },
    );
  });

  test('ticks stop at MAX_BANDS + 1 even for a range that claims more', () => {
    expect(ticks({ lo: 0, hi: 1e17, step: 1 })).toEqual([0, 1, 2, 3, 4, 5]);
  });
});

describe('chart helpers', () => {
  test.for<[number, number, { lo: number; hi: number; step: number }]>([
    [0, 10, { lo: 0, hi: 10, step: 2 }],
    [10, 0, { lo: 0, hi: 10, step: 2 }],
    [1.2, 3.7, { lo: 1, hi: 4, step: 1 }],
    [-12.4, -3.2, { lo: -15, hi: 0, step: 5 }],
    [-0.6, -0.2, { lo: -1, hi: 0, step: 1 }],
    [5, 5, { lo: 4, hi: 6, step: 1 }],
    [-30, 45, { lo: -40, hi: 60, step: 20 }],
    [-300, 300, { lo: -400, hi: 400, step: 200 }],
    [1e17, 1e17, { lo: 999, hi: 1001, step: 1 }],
    [-1e17, 1e17, { lo: -1000, hi: 1000, step: 500 }],
    [Number.NaN, Number.NaN, { lo: -1, hi: 1, step: 1 }],
  ])('niceRange(%d, %d)', ([min, max, expected]) => {
    expect(niceRange(min, max)).toEqual(expected);
  });

  test('ranges never start or end at -0', () => {
    expect(Object.is(niceRange(-0.6, -0.2).hi, 0)).toBe(true);
  });

  test.for<[number, number]>([
    [12.5, 12.5],
    [DISPLAY_LIMIT, DISPLAY_LIMIT],
    [-DISPLAY_LIMIT, -DISPLAY_LIMIT],
    [DISPLAY_LIMIT + 0.1, DISPLAY_LIMIT],
    [-DISPLAY_LIMIT - 0.1, -DISPLAY_LIMIT],
    [1e17, DISPLAY_LIMIT],
    [Number.NEGATIVE_INFINITY, -DISPLAY_LIMIT],
    [Number.NaN, 0],
  ])('clampForDisplay(%d) = %d', ([value, expected]) => {
    expect(clampForDisplay(value)).toBe(expected);
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
