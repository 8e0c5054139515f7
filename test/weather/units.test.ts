import { describe, expect, test } from 'vitest';
import { isUnits, SPEED_SYMBOL, speedIn, TEMPERATURE_SYMBOL, temperatureIn } from '../../src/weather/units.ts';

describe('units', () => {
  test.for([
    [0, 32],
    [100, 212],
    [-40, -40],
    [11.5, 52.7],
  ])('%s °C is %s °F; metric is unchanged', ([celsius, fahrenheit]) => {
    expect(temperatureIn(celsius as number, 'imperial')).toBeCloseTo(fahrenheit as number, 6);
    expect(temperatureIn(celsius as number, 'metric')).toBe(celsius);
  });

  test('10 m/s is 22.37 mph; metric is unchanged', () => {
    expect(speedIn(10, 'imperial')).toBeCloseTo(22.369, 3);
    expect(speedIn(10, 'metric')).toBe(10);
  });

  test.for([
    ['metric', true],
    ['imperial', true],
    ['kelvin', false],
    ['Metric', false],
    [undefined, false],
  ])('isUnits(%s) is %s', ([value, expected]) => {
    expect(isUnits(value)).toBe(expected);
  });

  test('symbols follow the units', () => {
    expect([TEMPERATURE_SYMBOL.metric, TEMPERATURE_SYMBOL.imperial]).toEqual(['°C', '°F']);
    expect([SPEED_SYMBOL.metric, SPEED_SYMBOL.imperial]).toEqual(['m/s', 'mph']);
  });
});
