/**
 * When the weather provider fails, every page and route that asked says so in the log at warn level, with the
 * reason (and the city, where a page looked up several): the answer a person gets is deliberately vague, the log is
 * where an operator learns why.
 */
import { onTestFinished } from 'vitest';
import { buildApp } from '../../src/app.ts';
import type { Database } from '../../src/db/database.ts';
import type { SchemaCompilers } from '../../src/http/schema-compilers.ts';
import { expect, test } from '../fixtures.ts';
import { saveCities } from '../support/cities.ts';
import { TestClient } from '../support/client.ts';
import { testConfig } from '../support/config.ts';
import { collectLogs } from '../support/logs.ts';
import { openWeatherMap, openWeatherMapForecast } from '../support/openweathermap.ts';
import { signIn } from '../support/sessions.ts';
import { TEST_USER } from '../support/users.ts';

const REASON = 'OpenWeatherMap answered 500';

/** An app logging warnings and up to `logs` (closed when the test ends), and a client signed in with Tokyo saved. */
async function signedInWithTokyo(db: Database, schemaCompilers: SchemaCompilers) {
  const logs = collectLogs();
  const config = testConfig({ LOG_LEVEL: 'warn' });
  const app = await buildApp(config, { db, schemaCompilers, logStream: logs });
  onTestFinished(() => app.close());
  const client = await signIn(db, new TestClient(app, config.publicUrl), config.secretKeys, TEST_USER.id);
  await saveCities(db, TEST_USER.id, ['Tokyo']);
  return { client, logs };
}
type Warning = { msg: string; reason: string; city?: string };

test.for<[string, 'both' | 'forecast', (client: TestClient) => Promise<unknown>, Warning[]]>([
  [
    'GET /weather',
    'both',
    (client) => client.get('/weather?city=Oslo'),
    [{ msg: 'weather lookup failed', reason: REASON }],
  ],
  [
    'GET /api/weather, the current weather failing',
    'both',
    (client) => client.get('/api/weather?city=Oslo'),
    [{ msg: 'weather lookup failed', reason: REASON }],
  ],
  [
    'GET /api/weather, the forecast failing alone',
    'forecast',
    (client) => client.get('/api/weather?city=Oslo'),
    [{ msg: 'forecast lookup failed', reason: REASON }],
  ],
  [
    'the home page',
    'both',
    (client) => client.get('/?city=Oslo'),
    [
      { msg: 'forecast lookup failed', reason: REASON, city: 'Oslo' },
      { msg: 'weather lookup failed', reason: REASON },
    ],
  ],
  [
    'the dashboard page',
    'both',
    (client) => client.get('/dashboard', { headers: { accept: 'text/html' } }),
    [
      { msg: 'forecast lookup failed', reason: REASON, city: 'Tokyo' },
      { msg: 'dashboard weather lookup failed', reason: REASON, city: 'Tokyo' },
    ],
  ],
  [
    'POST /api/cities',
    'both',
    (client) => client.post('/api/cities', { json: { name: 'Oslo' } }),
    [{ msg: 'city check failed', reason: REASON }],
  ],
  [
    'the add-a-city form',
    'both',
    (client) => client.post('/dashboard/cities', { form: { name: 'Oslo' } }),
    [{ msg: 'city check failed', reason: REASON }],
  ],
])(
  '%s: one warning per failed lookup, with the reason',
  async ([, failing, ask, expected], { db, schemaCompilers, upstream }) => {
    const { client, logs } = await signedInWithTokyo(db, schemaCompilers);
    upstream.use(...(failing === 'both' ? [openWeatherMap.status(500)] : []), openWeatherMapForecast.status(500));
    await ask(client);
    const warnings = logs.lines
      .filter((line) => line.level === 40)
      .map(({ msg, reason, city }) => ({ msg, reason, ...(city === undefined ? {} : { city }) }));
    // The current weather and the forecast are asked for at once: their warnings come in either order.
    const byMessage = (a: { msg: unknown }, b: { msg: unknown }) => String(a.msg).localeCompare(String(b.msg));
    expect(warnings.sort(byMessage)).toEqual([...expected].sort(byMessage));
  },
);

test.for<[string, (client: TestClient) => Promise<{ headers: Record<string, unknown> }>]>([
  ['POST /api/cities, the city already saved', (client) => client.post('/api/cities', { json: { name: 'Tokyo' } })],
  [
    'POST /api/cities, a city the provider does not know',
    (client) => client.post('/api/cities', { json: { name: 'Atlantis' } }),
  ],
  [
    'the add-a-city form, the city already saved',
    (client) => client.post('/dashboard/cities', { form: { name: 'Tokyo' } }),
  ],
  [
    'the add-a-city form, a city the provider does not know',
    (client) => client.post('/dashboard/cities', { form: { name: 'Atlantis' } }),
  ],
])('%s: refused, but nothing failed: no warning, no Retry-After', async ([, ask], { db, schemaCompilers }) => {
  const { client, logs } = await signedInWithTokyo(db, schemaCompilers);
  const response = await ask(client);
  expect(response.headers['retry-after']).toBeUndefined();
  expect(logs.lines.filter((line) => Number(line.level) >= 40)).toEqual([]);
});
