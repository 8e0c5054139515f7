import { describe, expect, test } from '../fixtures.js';

describe('static files', () => {
  test.for<[string, string, string]>([
    ['/static/app.css', 'text/css; charset=utf-8', '.chart-graphic'],
    ['/static/favicon.svg', 'image/svg+xml', '<svg xmlns="http://www.w3.org/2000/svg"'],
  ])('%s is served with its type and a day of caching', async ([url, type, content], { client }) => {
    const response = await client.get(url);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe(type);
    expect(response.headers['cache-control']).toBe('public, max-age=86400');
    expect(response.body).toContain(content);
  });

  test('every page links the stylesheet and the icon', async ({ client }) => {
    const body = (await client.get('/')).body;
    expect(body).toContain('<link rel="stylesheet" href="/static/app.css">');
    expect(body).toContain('<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">');
  });
});
