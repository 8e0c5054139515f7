import { ICON_FILES, iconUrl } from '../../src/web/weather-icons.ts';
import { describe, expect, test } from '../fixtures.ts';
import { cspViolations } from '../support/csp.ts';

/** OpenWeatherMap's icon codes (https://openweathermap.org/weather-conditions), by day and by night. */
const OWM_CODES = ['01', '02', '03', '04', '09', '10', '11', '13', '50'].flatMap((code) => [`${code}d`, `${code}n`]);

describe('static files', () => {
  test.for<[string, string, string]>([
    ['/static/app.css', 'text/css; charset=utf-8', '.chart-graphic'],
    ['/static/favicon.svg', 'image/svg+xml', '<svg xmlns="http://www.w3.org/2000/svg"'],
    ['/static/icons/10d.svg', 'image/svg+xml', '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"'],
    ['/static/icons/unknown.svg', 'image/svg+xml', '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"'],
  ])('%s is served with its type and a day of caching', async ([url, type, content], { client }) => {
    const response = await client.get(url);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe(type);
    expect(response.headers['cache-control']).toBe('public, max-age=86400');
    expect(response.headers['set-cookie']).toBeUndefined();
    expect(response.body).toContain(content);
  });

  test('every page links the stylesheet and the icon', async ({ client }) => {
    const body = (await client.get('/')).body;
    expect(body).toContain('<link rel="stylesheet" href="/static/app.css">');
    expect(body).toContain('<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">');
  });
});

describe('weather icons', () => {
  test.for(OWM_CODES)('%s has an icon of its own, served', async (code, { client }) => {
    expect(iconUrl(code)).toBe(`/static/icons/${code}.svg`);
    const response = await client.get(iconUrl(code));
    expect(response.statusCode).toBe(200);
    expect(response.body).toMatch(
      /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" viewBox="0 0 64 64"[^>]*>.+<\/svg>\n$/s,
    );
  });

  test('Skydeck has an icon for each of those codes and the neutral one, and no other', () => {
    expect([...ICON_FILES.keys()].sort()).toEqual([...OWM_CODES.map((code) => `${code}.svg`), 'unknown.svg'].sort());
    expect(new Set(ICON_FILES.values()).size).toBe(13); // 3 conditions × day and night, 6 shared, the neutral one
  });

  test('day and night differ where the sky does (sun or moon), and are the same where only cloud shows', () => {
    const icon = (code: string) => ICON_FILES.get(`${code}.svg`);
    for (const code of ['01', '02', '10']) expect(icon(`${code}d`)).not.toBe(icon(`${code}n`));
    for (const code of ['03', '04', '09', '11', '13', '50']) expect(icon(`${code}d`)).toBe(icon(`${code}n`));
    // Nine conditions, each looking different from the others by day.
    expect(new Set(OWM_CODES.filter((code) => code.endsWith('d')).map(icon)).size).toBe(9);
  });

  test('nothing in an icon that the strict CSP would block, and nothing from elsewhere', () => {
    for (const [name, svg] of ICON_FILES) {
      expect(cspViolations(svg, 'http://localhost:3000'), name).toEqual([]);
      expect(svg, name).not.toMatch(/<script|href=|<image|<foreignObject/i);
    }
  });

  test.for([null, '', '99d', '10x', '10D', '../app.css', 'unknown.svg#x'])(
    'a code without an icon (%s) points at the neutral one, which exists',
    async (code, { client }) => {
      expect(iconUrl(code)).toBe('/static/icons/unknown.svg');
      expect((await client.get(iconUrl(code))).statusCode).toBe(200);
    },
  );

  test.for(['99d.svg', 'app.css', '..%2Fapp.css', '10d.png'])(
    'a file Skydeck does not have (/static/icons/%s) is a 404',
    async (file, { client }) => {
      const response = await client.get(`/static/icons/${file}`);
      expect(response.statusCode).toBe(404);
      expect(response.headers['cache-control']).toBeUndefined();
    },
  );
});
