import fc from 'fast-check';
import { cityKey } from '../../src/cities/city-key.ts';
import { CITY_MAX_LENGTH, foldName, validateCity } from '../../src/weather/city.ts';
import { describe, expect, test } from '../fixtures.ts';

describe('validateCity', () => {
  test.for([
    ['Dublin', 'Dublin'],
    ['  Dublin  ', 'Dublin'],
    ['São Paulo', 'São Paulo'],
    ['New York', 'New York'],
    ['Saint-Étienne', 'Saint-Étienne'],
    ['東京', '東京'],
    ['a', 'a'],
    ['x'.repeat(CITY_MAX_LENGTH), 'x'.repeat(CITY_MAX_LENGTH)],
    // 100 characters that are 200 UTF-16 units: people count characters, so this is fine.
    ['🌧'.repeat(CITY_MAX_LENGTH), '🌧'.repeat(CITY_MAX_LENGTH)],
  ])('accepts %j as %j', ([raw, city]) => {
    expect(validateCity(raw)).toEqual({ ok: true, city });
  });

  test.for<[string, unknown, string]>([
    ['missing', undefined, 'city is required'],
    ['an array', ['a', 'b'], 'city is required'],
    ['empty', '', 'city must not be empty'],
    ['only spaces', '   ', 'city must not be empty'],
    ['only a tab and newline', '\t\n', 'city must not be empty'],
    ['101 characters', 'x'.repeat(CITY_MAX_LENGTH + 1), 'city must be at most 100 characters'],
    ['a NUL byte', 'Dub\u0000lin', 'city must not contain control characters'],
    ['a newline inside', 'Dub\nlin', 'city must not contain control characters'],
    ['an escape sequence', '\u001b[31mred', 'city must not contain control characters'],
    ['DEL', 'Dublin\u007f', 'city must not contain control characters'],
    ['a C1 control', 'Dublin\u0085x', 'city must not contain control characters'],
  ])('refuses %s', ([, raw, error]) => {
    expect(validateCity(raw)).toEqual({ ok: false, error });
  });
});

describe('validateCity, for any input', () => {
  /** Any text at all, and text made of what makes names hard: spaces of every kind, controls, accents, emoji. */
  const anyText = fc.oneof(
    fc.string({ unit: 'binary', maxLength: CITY_MAX_LENGTH + 20 }),
    fc.string({
      unit: fc.constantFrom(
        ' ',
        '\t',
        '\n',
        '\u00a0',
        '\u2028',
        '\ufeff',
        'a',
        'é',
        '東',
        '🌧',
        '\u0000',
        '\u007f',
        '\u0085',
      ),
      maxLength: CITY_MAX_LENGTH + 5,
    }),
  );
  const ERRORS = [
    'city is required',
    'city must not be empty',
    `city must be at most ${CITY_MAX_LENGTH} characters`,
    'city must not contain control characters',
  ];

  test('property: any string is a trimmed, bounded, control-free city, or one of the known errors; never a throw', () => {
    fc.assert(
      fc.property(anyText, (raw) => {
        const check = validateCity(raw);
        const trimmed = raw.trim();
        const acceptable = trimmed !== '' && [...trimmed].length <= CITY_MAX_LENGTH && !/\p{Cc}/u.test(trimmed);
        expect(check.ok).toBe(acceptable);
        if (check.ok) {
          expect(check.city).toBe(trimmed);
        } else {
          expect(ERRORS).toContain(check.error); // never the input echoed back
        }
      }),
      { numRuns: 300 },
    );
  });

  test('property: anything that is not a string is "city is required"', () => {
    fc.assert(
      fc.property(
        fc.anything().filter((value) => typeof value !== 'string'),
        (value) => {
          expect(validateCity(value)).toEqual({ ok: false, error: 'city is required' });
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe('foldName and cityKey: the cache key and the duplicate check, for any name', () => {
  const anyName = fc.string({ unit: 'binary', maxLength: 30 });
  const spaces = fc.string({ unit: fc.constantFrom(' ', '\t', '\n', '\u00a0', '\u3000'), maxLength: 3 });
  /**
   * Letters whose capital and small forms map to each other, accented ones included, and what sits between
   * words. Not σ: Σ lower-cases to ς at a word's end, as Greek is written, so "σ" typed there is another spelling.
   */
  const casedLetters = fc.array(
    fc.tuple(fc.constantFrom('a', 'z', 'é', 'ü', 'å', 'ł', 'ø', 'ñ', 'ç', 'ő', 'д', ' ', '-', "'", '1'), fc.boolean()),
    { maxLength: 20 },
  );

  test('property: one key however a name is spaced around, composed (NFC or NFD) or folded again', () => {
    fc.assert(
      fc.property(anyName, spaces, spaces, (name, before, after) => {
        const key = foldName(name);
        expect(foldName(`${before}${name}${after}`)).toBe(key);
        expect(foldName(name.normalize('NFD'))).toBe(key);
        expect(foldName(key)).toBe(key);
      }),
      { numRuns: 300 },
    );
  });

  test('property: capitals make no difference, to the name or to the country', () => {
    fc.assert(
      fc.property(casedLetters, fc.constantFrom('ie', 'IE', 'Ie', null), (letters, country) => {
        const small = letters.map(([letter]) => letter).join('');
        const mixed = letters.map(([letter, up]) => (up ? letter.toUpperCase() : letter)).join('');
        expect(foldName(mixed)).toBe(foldName(small));
        expect(cityKey(mixed, country)).toBe(cityKey(small, country?.toUpperCase() ?? null));
      }),
      { numRuns: 200 },
    );
  });

  test('property: the same name in two countries is two cities', () => {
    fc.assert(
      fc.property(anyName, fc.stringMatching(/^[A-Z]{2}$/), fc.stringMatching(/^[A-Z]{2}$/), (name, a, b) => {
        fc.pre(a !== b);
        expect(cityKey(name, a)).not.toBe(cityKey(name, b));
      }),
      { numRuns: 100 },
    );
  });
});
