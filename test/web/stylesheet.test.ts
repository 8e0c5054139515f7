/**
 * The stylesheet's colours, measured (issue 8, §1.3): a form field's border has
 * at least 3:1 contrast against the field and what it sits on (WCAG 1.4.11,
 * non-text contrast), computed from the colours in src/web/stylesheet.ts.
 */
import { STYLESHEET } from '../../src/web/stylesheet.ts';
import { describe, expect, test } from '../fixtures.ts';

interface Rule {
  selectors: string[];
  declarations: Map<string, string>;
}

/** Flat rules (the stylesheet has no @media or nesting): selectors and their declarations. */
function rules(css: string): Rule[] {
  const withoutComments = css.replace(/\/\*[\s\S]*?\*\//g, '');
  return [...withoutComments.matchAll(/([^{}]+)\{([^}]*)\}/g)].map(([, selectors, body]) => ({
    selectors: selectors!.split(',').map((selector) => selector.trim()),
    declarations: new Map(
      body!
        .split(';')
        .map((declaration) => declaration.split(':'))
        .filter((parts) => parts.length >= 2)
        .map(([property, ...value]) => [property!.trim(), value.join(':').trim()]),
    ),
  }));
}

const RULES = rules(STYLESHEET);
const VARIABLES = new Map(
  RULES.filter((rule) => rule.selectors.includes(':root')).flatMap((rule) => [...rule.declarations]),
);

/** The colour in a declaration's value (`1px solid var(--field)` → `#7b8594`), variables resolved. */
function colourIn(value: string | undefined): string {
  const token = value?.match(/#[0-9a-f]{3,6}\b|var\(--[\w-]+\)/i)?.[0];
  if (token === undefined) throw new Error(`no colour in "${value}"`);
  return token.startsWith('var(') ? colourIn(VARIABLES.get(token.slice(4, -1))) : token;
}

function declared(selector: string, property: string): string {
  const rule = RULES.find((r) => r.selectors.includes(selector) && r.declarations.has(property));
  return colourIn(rule?.declarations.get(property));
}

/** WCAG 2 relative luminance and contrast ratio. */
function luminance(hex: string): number {
  const digits = hex.length === 4 ? [...hex.slice(1)].map((d) => d + d).join('') : hex.slice(1);
  const [r, g, b] = [0, 2, 4].map((i) => {
    const channel = Number.parseInt(digits.slice(i, i + 2), 16) / 255;
    return channel <= 0.04045 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}
function contrast(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light! + 0.05) / (dark! + 0.05);
}

describe('contrast, computed from the stylesheet', () => {
  test('the contrast helper agrees with WCAG’s reference values', () => {
    expect(contrast('#000', '#fff')).toBeCloseTo(21, 5);
    expect(contrast('#767676', '#ffffff')).toBeCloseTo(4.54, 2);
    expect(contrast('#dde3ea', '#fff')).toBeLessThan(1.3); // the old field border: barely there
  });

  const fields = RULES.filter(
    (rule) =>
      rule.selectors.some((selector) => /^(input|select|textarea)\b/.test(selector)) && rule.declarations.has('border'),
  );

  test('every form field has a border colour to measure', () => {
    expect(fields.map((rule) => rule.selectors.join(', '))).toEqual(['input[type=text], input[type=search]']);
  });

  test.for([
    ['the field itself', () => colourIn(fields[0]!.declarations.get('background'))],
    ['a card, where the forms are', () => declared('.card', 'background')],
    ['the page', () => declared('body', 'background')],
  ] as const)('a field’s border has at least 3:1 against %s', ([, background]) => {
    for (const field of fields) {
      expect(contrast(colourIn(field.declarations.get('border')), background())).toBeGreaterThanOrEqual(3);
    }
  });
});
