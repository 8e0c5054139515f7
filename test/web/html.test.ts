/** The auto-escaping templates every page is made of (src/web/html.ts). */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { Html, html } from '../../src/web/html.ts';

/** What a browser reads back from escaped text: the five entities html() writes, and nothing else. */
function readBack(text: string): string {
  const entities: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };
  return text.replace(/&(amp|lt|gt|quot|#39);/g, (entity) => entities[entity] as string);
}

describe('html``', () => {
  test('escapes what it interpolates, in text and in attributes', () => {
    const evil = `<script>alert("x" & 'y')</script>`;
    expect(html`<p title="${evil}">${evil}</p>`.value).toBe(
      '<p title="&lt;script&gt;alert(&quot;x&quot; &amp; &#39;y&#39;)&lt;/script&gt;">&lt;script&gt;alert(&quot;x&quot; &amp; &#39;y&#39;)&lt;/script&gt;</p>',
    );
  });

  test('null, undefined and false render nothing; true and numbers render as text', () => {
    expect(html`[${null}|${undefined}|${false}]`.value).toBe('[||]');
    expect(html`[${true}|${0}|${-1.5}]`.value).toBe('[true|0|-1.5]');
  });

  test('a fragment made by html`` is kept as markup; arrays render each item in order', () => {
    const item = (name: string) => html`<li>${name}</li>`;
    expect(html`<ul>${['a<', 'b'].map(item)}</ul>`.value).toBe('<ul><li>a&lt;</li><li>b</li></ul>');
    expect(html`${['<', [new Html('<b>'), '&']]}`.value).toBe('&lt;<b>&amp;');
    expect(String(html`<i>${'x'}</i>`)).toBe('<i>x</i>');
  });

  test('property: no string ever renders a raw <, >, ", \' or & of its own, and the browser reads back exactly it', () => {
    const anyText = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 60 }),
      fc.string({ unit: fc.constantFrom('<', '>', '"', "'", '&', 'amp;', '#39;', 'lt;', 'a', ' '), maxLength: 40 }),
    );
    fc.assert(
      fc.property(fc.array(anyText, { minLength: 1, maxLength: 3 }), (texts) => {
        const [first, ...rest] = texts as [string, ...string[]];
        const rendered = html`<p title="${first}">${first}${rest}</p>`.value;
        const attribute = rendered.slice('<p title="'.length, rendered.indexOf('">'));
        const body = rendered.slice(rendered.indexOf('">') + 2, -'</p>'.length);
        for (const part of [attribute, body]) {
          expect(part).not.toMatch(/[<>"']/);
          expect(part.replace(/&(amp|lt|gt|quot|#39);/g, '')).not.toContain('&'); // every & starts an entity
        }
        expect(readBack(attribute)).toBe(first);
        expect(readBack(body)).toBe(texts.join(''));
      }),
      { numRuns: 200 },
    );
  });
});
