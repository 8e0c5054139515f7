/**
 * The API's published contract, word for word: other clients are written against /openapi.json, so any change to
 * it (a route, a status, a field, a description) shows up here as a diff to accept on purpose
 * (`npx vitest run test/http/openapi-contract.test.ts -u`), never as a side effect.
 */
import { expect, test } from '../fixtures.ts';

test('GET /openapi.json is the committed document (the package version aside)', async ({ client }) => {
  const document = (await client.get('/openapi.json')).json<{ info: { version: string } }>();
  expect(document.info.version).toMatch(/^\d+\.\d+\.\d+/);
  document.info.version = '<package.json version>';
  await expect(`${JSON.stringify(document, null, 2)}\n`).toMatchFileSnapshot('./openapi.snapshot.json');
});
