/**
 * GET /docs: Swagger UI, rendering /openapi.json (api-docs.test.ts) from Skydeck's own files, under the app's own
 * Content-Security-Policy.
 */
import { describe, expect, test } from '../fixtures.ts';
import { cspViolations } from '../support/csp.ts';

const asBrowser = { headers: { accept: 'text/html' } };

describe('GET /docs', () => {
  const own = 'http://localhost:3000';

  // First in the file: in Stryker's coverage run, the code that builds an app is credited to each file's first app
  // test (README, "Mutation testing"), and this one reads what the UI was registered with.
  test('"Skydeck API": the UI reads the document from Skydeck, without the top bar or a validator from elsewhere', async ({
    client,
  }) => {
    expect((await client.get('/docs', asBrowser)).body).toContain('<title>Skydeck API</title>');
    const script = (await client.get('/docs/static/swagger-initializer.js')).body;
    expect(script).toContain("url: resolveUrl('./json')");
    expect(script).toContain('validatorUrl: null');
    // The standalone top bar draws a logo with an inline <style> the CSP refuses (and a box that loads any URL).
    expect(script).toContain('"layout":"BaseLayout"');
    const [json, served] = await Promise.all([client.get('/docs/json'), client.get('/openapi.json')]);
    expect(json.json()).toEqual(served.json());
  });

  test("a page of Skydeck's own files, under the same CSP as the rest of the app", async ({ client }) => {
    const page = await client.get('/docs', asBrowser);
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    // Nothing loosened for the docs: the policy is the app's, with no inline script or style, no eval.
    const appPolicy = (await client.get('/healthz')).headers['content-security-policy'];
    expect(page.headers['content-security-policy']).toBe(appPolicy);
    expect(page.headers['content-security-policy']).not.toMatch(/unsafe|https?:\/\/|\*/);
    expect(cspViolations(page.body, own)).toEqual([]);
    expect(page.body).not.toMatch(/(src|href)="(https?:)?\/\//); // no host but Skydeck's
  });

  test('every file it references loads, with its type', async ({ client }) => {
    const page = await client.get('/docs', asBrowser);
    const assets = [...page.body.matchAll(/(?:src|href)="([^"]+)"/g)].map(([, url]) => url!);
    expect(assets).toEqual(
      expect.arrayContaining(['/docs/static/swagger-ui.css', '/docs/static/swagger-ui-bundle.js']),
    );
    const TYPES: Record<string, RegExp> = {
      css: /^text\/css/,
      js: /^(application|text)\/javascript/,
      png: /^image\/png$/,
    };
    for (const asset of assets) {
      const response = await client.get(asset);
      expect({ asset, status: response.statusCode }).toEqual({ asset, status: 200 });
      expect(response.headers['content-type']).toMatch(TYPES[asset.split('.').pop()!]!);
      expect(response.body.length).toBeGreaterThan(0);
    }
  });
});
